package dev.octet.router.support;

import dev.octet.local.Ports;
import dev.octet.router.runtime.RouterBuilder;
import dev.octet.router.sharding.KeyType;
import dev.octet.router.sharding.PartitionDirectory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/** A router started in the test JVM over some shard databases. */
public final class TestRouter implements AutoCloseable {

    public static final String DATABASE = "orders";
    public static final String USER = "octet";
    public static final String PASSWORD = "octet";

    private final RouterBuilder.Router router;

    private TestRouter(RouterBuilder.Router router) {
        this.router = router;
    }

    /** The usual settings; adjust the builder before {@link #start(RouterBuilder)} for others. */
    public static RouterBuilder builder(List<String> shards, String shardedTables) {
        return new RouterBuilder().host("127.0.0.1").port(Ports.free()).database(DATABASE).shards(shards)
                .shardedTables(shardedTables).auth("scram-sha-256", USER + ":" + PASSWORD).poolSize(16)
                .instance("test" + Ports.free());
    }

    public static TestRouter start(RouterBuilder builder) {
        try {
            return new TestRouter(builder.start());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public RouterBuilder.Router router() {
        return router;
    }

    /** The {@code nth} (from 1) integer key whose rows live on {@code shard}, by the router's directory now. */
    public int keyOn(int shard, int nth) {
        PartitionDirectory directory = router.database().directory();
        int found = 0;
        for (int key = 1; ; key++) {
            if (directory.shardOf(directory.partitionOf(KeyType.INTEGER.hashText(Integer.toString(key)))) == shard
                    && ++found == nth) {
                return key;
            }
        }
    }

    public int port() {
        return router.server().port();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public Connection connect() throws SQLException {
        return connect(new Properties());
    }

    public Connection connect(java.util.Map<String, String> extra) throws SQLException {
        Properties properties = new Properties();
        properties.putAll(extra);
        return connect(properties);
    }

    /** A JDBC connection through the router; {@code extra} adds driver properties. */
    public Connection connect(Properties extra) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.putAll(extra);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** Runs each statement through the router, in autocommit, on one connection. */
    public void execute(String... statements) throws SQLException {
        try (Connection jdbc = connect(); Statement statement = jdbc.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Override
    public void close() {
        router.close();
    }
}
