package dev.octet.chunk.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The real metadata service for a {@code @QuarkusTest} of the chunk server: the packaged application
 * (unpacked from metadata-service's app artifact) as its own process, on the test PostgreSQL and Kafka.
 */
public class MetadataServiceResource implements QuarkusTestResourceLifecycleManager {

    private FileSystemCluster metadataOnly;

    @Override
    public Map<String, String> start() {
        metadataOnly = FileSystemCluster.start(0, Map.of());
        return Map.of("quarkus.rest-client.metadata.url", metadataOnly.metadataUrl(),
                // This instance's own heartbeats and block reports stay out of the way of the calls under test.
                "octet.chunk.heartbeat-interval", "1h",
                "octet.chunk.block-report-interval", "1h",
                "octet.chunk.block-report-delay", "1h");
    }

    @Override
    public void stop() {
        if (metadataOnly != null) {
            metadataOnly.close();
        }
    }
}
