package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.router.support.TestRouter;
import dev.octet.router.support.TestShards;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** psql, pgbench, the JDBC driver and the Vert.x reactive client, through the router. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCompatibilityIT {

    private TestShards shards;
    private String database;
    private TestRouter router;

    @BeforeAll
    void start() {
        shards = TestShards.shared();
        database = shards.createDatabase("clients");
        router = TestRouter.start(TestRouter.builder(shards.shardSpecs(database),
                "pgbench_accounts:aid,pgbench_history:aid,accounts:id,items:owner,wide:owner"));
    }

    @AfterAll
    void stop() {
        router.close();
    }

    @Test
    void psqlRunsAScript() throws Exception {
        String script = """
                create table accounts (id int primary key, owner text not null, balance numeric(10,2) not null);
                insert into accounts values (1, 'ann', 10.00), (2, 'bob', 20.50), (3, 'cy', 30.25), (4, 'dee', 0);
                begin;
                update accounts set balance = balance - 5 where id = 1;
                update accounts set balance = balance + 5 where id = 2;
                commit;
                \\copy accounts from stdin
                5\tee\t1.00
                6\tfi\\tx\t2.00
                \\.
                select id, owner, balance from accounts order by id;
                select count(*), sum(balance) from accounts;
                """;
        ProcessResult result = run(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-A", "-t", "-h", "127.0.0.1",
                "-p", Integer.toString(router.port()), "-U", TestRouter.USER, TestRouter.DATABASE), script);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("1|ann|5.00", "2|bob|25.50", "6|fi\tx|2.00", "6|63.75");
    }

    @Test
    void pgbenchInitializesAndRunsThroughTheRouter() throws Exception {
        List<String> connection = List.of("-h", "127.0.0.1", "-p", Integer.toString(router.port()), "-U",
                TestRouter.USER);
        ProcessResult init = run(concat(List.of("pgbench", "-i", "-s", "1", "-q"), connection, List.of(TestRouter.DATABASE)),
                "");
        assertThat(init.exitCode()).as(init.output()).isZero();
        ProcessResult selectOnly = run(concat(List.of("pgbench", "-S", "-M", "prepared", "-c", "4", "-t", "200", "-n"),
                connection, List.of(TestRouter.DATABASE)), "");
        assertThat(selectOnly.exitCode()).as(selectOnly.output()).isZero();
        assertThat(selectOnly.output()).contains("number of transactions actually processed: 800/800");
        Path script = Files.createTempFile("write", ".sql");
        Files.writeString(script, """
                \\set aid random(1, 100000)
                \\set delta random(-5000, 5000)
                BEGIN;
                UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
                INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :aid, :delta, CURRENT_TIMESTAMP);
                END;
                """);
        ProcessResult writes = run(concat(List.of("pgbench", "-f", script.toString(), "-c", "4", "-t", "100", "-n"),
                connection, List.of(TestRouter.DATABASE)), "");
        assertThat(writes.exitCode()).as(writes.output()).isZero();
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
             ResultSet accounts = statement.executeQuery("select count(*), sum(abalance) from pgbench_accounts")) {
            accounts.next();
            assertThat(accounts.getLong(1)).isEqualTo(100_000);
            long balances = accounts.getLong(2);
            try (ResultSet history = statement.executeQuery("select count(*), sum(delta) from pgbench_history")) {
                history.next();
                assertThat(history.getLong(1)).isEqualTo(400);
                assertThat(history.getLong(2)).as("every balance change has its history row").isEqualTo(balances);
            }
        }
    }

    @Test
    void jdbcLogsInWithScramAndBatchesAcrossShards() throws SQLException {
        try (Connection jdbc = router.connect()) {
            try (Statement statement = jdbc.createStatement()) {
                statement.execute("create table items (owner uuid, id int, name text, primary key (owner, id))");
            }
            List<UUID> owners = new ArrayList<>();
            try (PreparedStatement insert = jdbc.prepareStatement("insert into items (owner, id, name) values (?, ?, ?)")) {
                for (int i = 0; i < 40; i++) {
                    UUID owner = UUID.randomUUID();
                    owners.add(owner);
                    insert.setObject(1, owner);
                    insert.setInt(2, i);
                    insert.setString(3, "item " + i);
                    insert.addBatch();
                }
                assertThat(insert.executeBatch()).hasSize(40).containsOnly(1);
            }
            jdbc.setAutoCommit(false);
            try (PreparedStatement rename = jdbc.prepareStatement("update items set name = ? where owner = ?")) {
                for (UUID owner : owners.subList(0, 10)) {
                    rename.setString(1, "renamed");
                    rename.setObject(2, owner);
                    assertThat(rename.executeUpdate()).isEqualTo(1);
                }
            }
            jdbc.commit();
            jdbc.setAutoCommit(true);
            try (PreparedStatement find = jdbc.prepareStatement("select name from items where owner = ?")) {
                for (int i = 0; i < owners.size(); i++) {
                    find.setObject(1, owners.get(i));
                    try (ResultSet row = find.executeQuery()) {
                        assertThat(row.next()).isTrue();
                        assertThat(row.getString(1)).isEqualTo(i < 10 ? "renamed" : "item " + i);
                    }
                }
            }
            try (Statement statement = jdbc.createStatement();
                 ResultSet count = statement.executeQuery("select count(*) from items where name = 'renamed'")) {
                count.next();
                assertThat(count.getInt(1)).isEqualTo(10);
            }
        }
        int spread = 0;
        for (int shard = 0; shard < shards.count(); shard++) {
            try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement();
                 ResultSet count = statement.executeQuery("select count(*) from items")) {
                count.next();
                spread += count.getInt(1) > 0 ? 1 : 0;
            }
        }
        assertThat(spread).as("shards holding items").isEqualTo(shards.count());
    }

    @Test
    void jdbcFetchesInBatchesAndHoldsSessionLocks() throws SQLException {
        try (Connection jdbc = router.connect()) {
            try (Statement statement = jdbc.createStatement()) {
                statement.execute("create table if not exists wide (owner int primary key, n int)");
                statement.execute("truncate wide");
                StringBuilder rows = new StringBuilder("insert into wide values ");
                for (int i = 1; i <= 50; i++) {
                    rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(i * 10).append(')');
                }
                statement.execute(rows.toString());
            }
            jdbc.setAutoCommit(false);
            try (PreparedStatement all = jdbc.prepareStatement("select owner, n from wide order by owner")) {
                all.setFetchSize(7);
                try (ResultSet rows = all.executeQuery()) {
                    int expected = 1;
                    while (rows.next()) {
                        assertThat(rows.getInt(1)).isEqualTo(expected++);
                    }
                    assertThat(expected).isEqualTo(51);
                }
            }
            jdbc.commit();
            jdbc.setAutoCommit(true);
            // A session-level advisory lock (as Flyway may take) keeps its connection to the shard.
            try (Statement statement = jdbc.createStatement()) {
                try (ResultSet locked = statement.executeQuery("select pg_try_advisory_lock(4242)")) {
                    locked.next();
                    assertThat(locked.getBoolean(1)).isTrue();
                }
                statement.executeQuery("select count(*) from wide").close();
                try (Connection other = router.connect(); Statement second = other.createStatement();
                     ResultSet busy = second.executeQuery("select pg_try_advisory_lock(4242)")) {
                    busy.next();
                    assertThat(busy.getBoolean(1)).as("held by the first session").isFalse();
                }
                try (ResultSet unlocked = statement.executeQuery("select pg_advisory_unlock(4242)")) {
                    unlocked.next();
                    assertThat(unlocked.getBoolean(1)).isTrue();
                }
            }
        }
    }

    @Test
    void aWrongPasswordIsRefusedWith28P01() {
        Properties wrong = new Properties();
        wrong.setProperty("user", TestRouter.USER);
        wrong.setProperty("password", "not-the-password");
        assertThatThrownBy(() -> DriverManager.getConnection(router.jdbcUrl(), wrong).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        Properties unknown = new Properties();
        unknown.setProperty("user", "mallory");
        unknown.setProperty("password", "octet");
        assertThatThrownBy(() -> DriverManager.getConnection(router.jdbcUrl(), unknown).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void aScramVerifierCopiedFromPostgresIsAccepted() throws Exception {
        String verifier;
        try (Connection direct = shards.connectShard(0, database); Statement statement = direct.createStatement();
             ResultSet row = statement.executeQuery("select rolpassword from pg_authid where rolname = 'octet'")) {
            row.next();
            verifier = row.getString(1);
        }
        assertThat(verifier).startsWith("SCRAM-SHA-256$");
        try (TestRouter scram = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), "accounts:id")
                .auth("scram-sha-256", "octet:" + verifier));
             Connection jdbc = scram.connect(); Statement statement = jdbc.createStatement();
             ResultSet one = statement.executeQuery("select 1")) {
            assertThat(one.next()).isTrue();
        }
    }

    @Test
    void md5AuthenticationWorksWhenConfigured() throws Exception {
        try (TestRouter md5 = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), "accounts:id")
                .auth("md5", "alice:secret"))) {
            Properties right = new Properties();
            right.setProperty("user", "alice");
            right.setProperty("password", "secret");
            try (Connection jdbc = DriverManager.getConnection(md5.jdbcUrl(), right); Statement statement = jdbc.createStatement();
                 ResultSet one = statement.executeQuery("select 1")) {
                assertThat(one.next()).isTrue();
            }
            right.setProperty("password", "wrong");
            assertThatThrownBy(() -> DriverManager.getConnection(md5.jdbcUrl(), right).close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        }
    }

    @Test
    void vertxReactiveClientRunsPreparedQueriesAndTransactions() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            PgConnectOptions options = new PgConnectOptions().setHost("127.0.0.1").setPort(router.port())
                    .setDatabase(TestRouter.DATABASE).setUser(TestRouter.USER).setPassword(TestRouter.PASSWORD)
                    .setCachePreparedStatements(true);
            Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4)).connectingTo(options).using(vertx).build();
            await(pool.query("create table wallets (owner uuid primary key, coins numeric(12,2) not null, "
                    + "updated timestamptz not null default now())").execute());
            List<UUID> owners = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                owners.add(UUID.randomUUID());
            }
            List<Tuple> rows = owners.stream().map(owner -> Tuple.of(owner, new BigDecimal("100.00"))).toList();
            await(pool.preparedQuery("insert into wallets (owner, coins) values ($1, $2)").executeBatch(rows));
            // A transfer between two wallets, which may live on two shards: atomic either way.
            await(pool.withTransaction(connection -> connection
                    .preparedQuery("update wallets set coins = coins - $1 where owner = $2")
                    .execute(Tuple.of(new BigDecimal("30.50"), owners.get(0)))
                    .compose(ignored -> connection.preparedQuery("update wallets set coins = coins + $1 where owner = $2")
                            .execute(Tuple.of(new BigDecimal("30.50"), owners.get(1))))));
            RowSet<Row> one = await(pool.preparedQuery("select coins, updated from wallets where owner = $1")
                    .execute(Tuple.of(owners.get(0))));
            assertThat(one.iterator().next().getBigDecimal("coins")).isEqualByComparingTo("69.50");
            RowSet<Row> total = await(pool.preparedQuery("select count(*), sum(coins), max(coins) from wallets "
                    + "where coins > $1").execute(Tuple.of(BigDecimal.ZERO)));
            Row totals = total.iterator().next();
            assertThat(totals.getLong(0)).isEqualTo(20);
            assertThat(totals.getBigDecimal(1)).isEqualByComparingTo("2000.00");
            assertThat(totals.getBigDecimal(2)).isEqualByComparingTo("130.50");
            RowSet<Row> ordered = await(pool.preparedQuery("select owner, coins from wallets order by coins desc, owner "
                    + "limit $1").execute(Tuple.of(2)));
            assertThat(ordered.rowCount()).isEqualTo(2);
            assertThat(ordered.iterator().next().getUUID("owner")).isEqualTo(owners.get(1));
            await(pool.close());
        } finally {
            await(vertx.close());
        }
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    record ProcessResult(int exitCode, String output) {
    }

    static ProcessResult run(List<String> command, String input) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("PGPASSWORD", TestRouter.PASSWORD);
        Path output = Files.createTempFile("client", ".out");
        builder.redirectOutput(output.toFile());
        Process process = builder.start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
        }
        return new ProcessResult(process.exitValue(), Files.readString(output));
    }

    @SafeVarargs
    static List<String> concat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
