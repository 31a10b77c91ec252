package dev.octet.router.support;

import dev.octet.local.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Shard databases on the shared test servers, wired into the router's configuration. */
public class ShardsResource implements QuarkusTestResourceLifecycleManager {

    public static final String SHARDED = "accounts:id,ledger:id";

    @Override
    public Map<String, String> start() {
        TestShards shards = TestShards.shared();
        String database = shards.createDatabase("quarkus");
        return Map.of(
                "octet.router.shards", String.join(",", shards.shardSpecs(database)),
                "octet.router.host", "127.0.0.1",
                "octet.router.port", Integer.toString(Ports.free()),
                "octet.router.database", TestRouter.DATABASE,
                "octet.router.tables.sharded", SHARDED,
                "octet.router.instance-id", "quarkus" + Ports.free(),
                "quarkus.http.test-port", "0",
                "quarkus.otel.sdk.disabled", "true");
    }

    @Override
    public void stop() {
        // the shared servers stop with the JVM
    }
}
