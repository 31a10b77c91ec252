package dev.octet.router.repository;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The PostgreSQL database that holds the router's own durable state (schema {@code octet_router}):
 * the two-phase commit decisions and the partition directory. A few JDBC connections, each set to
 * synchronous commit, so a recorded decision survives a crash of that server too.
 */
public final class MetadataDatabase implements AutoCloseable {

    /** Work done on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String url;
    private final Properties properties = new Properties();
    private final BlockingQueue<Connection> idle;

    public MetadataDatabase(String url, String user, String password, int poolSize) {
        this.url = url;
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "30");
        properties.setProperty("ApplicationName", "octet-query-router-metadata");
        this.idle = new ArrayBlockingQueue<>(poolSize);
    }

    /** Creates the schema and tables if missing. */
    public void migrate() throws SQLException {
        run(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create schema if not exists octet_router");
                statement.execute("create table if not exists octet_router.commit_decision ("
                        + " transaction_id text primary key,"
                        + " instance text not null,"
                        + " shards text not null,"
                        + " decided_at timestamptz not null default now())");
                statement.execute("create table if not exists octet_router.partition_directory ("
                        + " partition int primary key,"
                        + " shard int not null,"
                        + " moved_at timestamptz)");
                statement.execute("create table if not exists octet_router.partition_move ("
                        + " partition int primary key,"
                        + " source int not null,"
                        + " target int not null,"
                        + " state text not null,"
                        + " started_at timestamptz not null default now())");
            }
            return null;
        });
    }

    public <T> T run(Work<T> work) throws SQLException {
        Connection connection = idle.poll();
        if (connection == null || !connection.isValid(2)) {
            closeQuietly(connection);
            connection = open();
        }
        boolean healthy = false;
        try {
            T result = work.run(connection);
            healthy = true;
            return result;
        } finally {
            if (healthy && connection.getAutoCommit() && idle.offer(connection)) {
                connection = null;
            }
            closeQuietly(connection);
        }
    }

    private Connection open() throws SQLException {
        Connection connection = DriverManager.getConnection(url, properties);
        try (Statement statement = connection.createStatement()) {
            statement.execute("set synchronous_commit = on");
        }
        return connection;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
    }
}
