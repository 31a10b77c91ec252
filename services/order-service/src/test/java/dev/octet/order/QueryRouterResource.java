package dev.octet.order;

import dev.octet.local.Ports;
import dev.octet.router.runtime.RouterBuilder;
import dev.octet.testing.TestInfrastructure;
import dev.octet.testing.TestPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The order-service's database as the devstack gives it: the query router over four shards, with the
 * router's own table declarations for the order-service (its application.properties defaults). The
 * shards are four databases of the shared test PostgreSQL; the router runs in the test JVM. The
 * datasource of the application under test points at the router, so its real migrations,
 * repositories, outbox relay and event consumer run through it.
 */
public class QueryRouterResource implements QuarkusTestResourceLifecycleManager {

    static final String DATABASE = "orders";
    static final int SHARDS = 4;

    private static RouterBuilder.Router router;
    private static final List<String> SHARD_DATABASES = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        TestPostgres postgres = TestInfrastructure.postgres();
        List<String> shards = new ArrayList<>();
        for (int shard = 0; shard < SHARDS; shard++) {
            String database = postgres.createDatabase("shard" + shard);
            SHARD_DATABASES.add(database);
            shards.add(postgres.host() + ":" + postgres.port() + "/" + database);
        }
        try {
            router = new RouterBuilder().host("127.0.0.1").port(Ports.free()).database(DATABASE).shards(shards)
                    .shardCredentials(postgres.user(), postgres.password())
                    .auth("scram-sha-256", postgres.user() + ":" + postgres.password())
                    .shardedTables("orders:customer_id,order_line:customer_id")
                    .shardLocalTables("outbox,processed_event")
                    .instance("orders" + Ports.free()).poolSize(8)
                    .start();
        } catch (Exception e) {
            throw new IllegalStateException("the query router did not start", e);
        }
        String address = "127.0.0.1:" + router.server().port() + "/" + DATABASE;
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + address,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + address,
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password());
    }

    /** The running router, for tests that look at where rows went. */
    static RouterBuilder.Router router() {
        return router;
    }

    /** The database of shard {@code index} on the shared test PostgreSQL. */
    static String shardDatabase(int index) {
        return SHARD_DATABASES.get(index);
    }

    @Override
    public void stop() {
        if (router != null) {
            router.close();
            router = null;
        }
        SHARD_DATABASES.forEach(TestInfrastructure.postgres()::dropDatabase);
        SHARD_DATABASES.clear();
    }
}
