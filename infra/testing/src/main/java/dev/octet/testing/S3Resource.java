package dev.octet.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a Quarkus application at the shared test S3 server through the {@code octet.s3.*} keys. */
public class S3Resource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        S3Endpoint s3 = TestInfrastructure.s3();
        return Map.of(
                "octet.s3.endpoint", s3.url(),
                "octet.s3.access-key-id", s3.accessKeyId(),
                "octet.s3.secret-access-key", s3.secretAccessKey(),
                "octet.s3.region", s3.region());
    }

    @Override
    public void stop() {
        // The server is shared by the module's test classes; it stops with the JVM.
    }
}
