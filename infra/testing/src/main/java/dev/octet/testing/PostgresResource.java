package dev.octet.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A fresh database on the shared test PostgreSQL for each Quarkus application a test starts, wired
 * into both the reactive and the JDBC (migration) datasource.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public Map<String, String> start() {
        TestPostgres postgres = TestInfrastructure.postgres();
        database = postgres.createDatabase("test");
        return Map.of(
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(database),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password());
    }

    @Override
    public void stop() {
        if (database != null) {
            TestInfrastructure.postgres().dropDatabase(database);
        }
    }
}
