package dev.octet.router.support;

import dev.octet.local.Ports;
import dev.octet.local.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Real PostgreSQL servers for the router's tests: four shard servers and one baseline server (the
 * "one plain PostgreSQL" results are compared with), started once per test JVM, with prepared
 * transactions enabled, and without fsync: a killed server keeps what it committed (the operating
 * system holds it), which is all the tests need, but a crash of the machine would not. Each test
 * class takes fresh databases on them.
 */
public final class TestShards {

    public static final int SHARDS = 4;
    private static TestShards shared;

    private final Path home;
    private final Path sockets;
    private final List<PostgresServer> shards = new ArrayList<>();
    private final PostgresServer baseline;

    private TestShards(Path home, int count, boolean withBaseline) {
        this.home = home;
        this.sockets = home.resolve("sockets");
        try {
            // Every server puts its Unix-domain socket here (as PostgreSQL's own /var/run/postgresql).
            Files.createDirectories(sockets);
            Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwxrwxrwx"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < count; i++) {
            shards.add(server("shard" + i));
        }
        baseline = withBaseline ? server("baseline") : null;
    }

    /** The servers every test class of this JVM shares. */
    public static synchronized TestShards shared() {
        if (shared == null) {
            shared = start(SHARDS, true);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "test-shards"));
        }
        return shared;
    }

    /** Servers of one's own (for a test that stops or kills one); the caller stops them. */
    public static TestShards start(int count, boolean withBaseline) {
        try {
            Path home = Files.createTempDirectory("octet-router-test-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            return new TestShards(home, count, withBaseline);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PostgresServer server(String name) {
        return PostgresServer.builder().home(home.resolve(name)).name("router-test-" + name).port(Ports.free())
                .durable(false).setting("max_prepared_transactions", "64").setting("max_connections", "400")
                // Tests kill servers: a committed transaction must be in the WAL (the OS keeps it without fsync).
                .setting("synchronous_commit", "on")
                .setting("unix_socket_directories", sockets.toString()).start();
    }

    /** The directory of the servers' Unix-domain sockets, besides their TCP ports. */
    public Path socketDirectory() {
        return sockets;
    }

    public PostgresServer shard(int index) {
        return shards.get(index);
    }

    public int count() {
        return shards.size();
    }

    public PostgresServer baseline() {
        return baseline;
    }

    /** A new database of a unique name on every shard server (and the baseline); returns its name. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT)
                .replace('-', '_');
        shards.forEach(server -> server.createDatabase(name));
        if (baseline != null) {
            baseline.createDatabase(name);
        }
        return name;
    }

    /** The router's shard list for {@code database}: host:port/database, in shard order. */
    public List<String> shardSpecs(String database) {
        return shards.stream().map(server -> "127.0.0.1:" + server.port() + "/" + database).toList();
    }

    public Connection connectShard(int index, String database) throws SQLException {
        return shards.get(index).connect(database);
    }

    /** Transactions open on shard {@code index} in {@code database}, other than the one asking. */
    public int openTransactions(int index, String database) throws SQLException {
        return count(index, database, "select count(*) from pg_stat_activity where datname = current_database() "
                + "and pid <> pg_backend_pid() and xact_start is not null");
    }

    /** Prepared (two-phase) transactions on shard {@code index} in {@code database}. */
    public int preparedTransactions(int index, String database) throws SQLException {
        return count(index, database, "select count(*) from pg_prepared_xacts where database = current_database()");
    }

    /** Backends of shard {@code index} in {@code database} that wait for a lock. */
    public int lockWaits(int index, String database) throws SQLException {
        return count(index, database, "select count(*) from pg_stat_activity where datname = current_database() "
                + "and wait_event_type = 'Lock'");
    }

    private int count(int index, String database, String sql) throws SQLException {
        try (Connection direct = connectShard(index, database); java.sql.Statement statement = direct.createStatement();
             java.sql.ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    public Connection connectBaseline(String database) throws SQLException {
        return baseline.connect(database);
    }

    public void stop() {
        shards.forEach(PostgresServer::stop);
        if (baseline != null) {
            baseline.stop();
        }
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
