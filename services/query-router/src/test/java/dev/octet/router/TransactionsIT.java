package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.router.sharding.KeyType;
import dev.octet.router.sharding.PartitionDirectory;
import dev.octet.router.support.TestRouter;
import dev.octet.router.support.TestShards;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Atomicity across shards: units of work, client transactions, two-phase commit and its abort path. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionsIT {

    private TestShards shards;
    private String database;
    private TestRouter router;

    @BeforeAll
    void start() throws Exception {
        shards = TestShards.shared();
        database = shards.createDatabase("tx");
        router = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), "accounts:id,uniq:k"));
        router.execute("create table accounts (id int primary key, balance int not null check (balance >= 0))",
                "create table uniq (k int primary key, x int, unique (x) deferrable initially deferred)");
    }

    @BeforeEach
    void emptyTables() throws Exception {
        router.execute("truncate accounts, uniq");
    }

    @AfterAll
    void stop() {
        router.close();
    }

    @Test
    void aBatchAcrossShardsIsAllOrNothing() throws Exception {
        try (Connection jdbc = router.connect();
             PreparedStatement insert = jdbc.prepareStatement("insert into accounts (id, balance) values (?, ?)")) {
            for (int id = 1; id <= 20; id++) {
                insert.setInt(1, id);
                insert.setInt(2, id == 17 ? -1 : 100);
                insert.addBatch();
            }
            assertThatThrownBy(insert::executeBatch).isInstanceOf(SQLException.class);
        }
        assertThat(count("accounts")).isZero();
    }

    @Test
    void aMultiStatementQueryIsOneUnit() throws Exception {
        try (Connection jdbc = router.connect(java.util.Map.of("preferQueryMode", "simple"));
             Statement statement = jdbc.createStatement()) {
            assertThatThrownBy(() -> statement.execute("insert into accounts values (1, 10); insert into accounts "
                    + "values (2, 10); insert into accounts values (3, -5)")).isInstanceOf(SQLException.class);
            assertThat(count("accounts")).isZero();
            statement.execute("insert into accounts values (1, 10); insert into accounts values (2, 10)");
        }
        assertThat(count("accounts")).isEqualTo(2);
    }

    @Test
    void aTransactionOverSeveralShardsCommitsInTwoPhases() throws Exception {
        long before = router.router().database().twoPhaseCommit().committedCount();
        try (Connection jdbc = router.connect()) {
            jdbc.setAutoCommit(false);
            try (Statement statement = jdbc.createStatement()) {
                for (int id = 1; id <= 12; id++) {
                    statement.executeUpdate("insert into accounts values (" + id + ", 50)");
                }
            }
            jdbc.commit();
        }
        assertThat(router.router().database().twoPhaseCommit().committedCount()).isEqualTo(before + 1);
        assertThat(count("accounts")).isEqualTo(12);
        assertNothingInDoubt();
    }

    @Test
    void oneWriterAndSeveralReadersCommitInOnePhase() throws Exception {
        insertAccounts(8);
        long before = router.router().database().twoPhaseCommit().committedCount();
        try (Connection jdbc = router.connect()) {
            jdbc.setAutoCommit(false);
            try (Statement statement = jdbc.createStatement()) {
                statement.executeQuery("select sum(balance) from accounts").close();
                assertThat(statement.executeUpdate("update accounts set balance = balance + 1 where id = 3")).isOne();
                assertThat(statement.executeUpdate("update accounts set balance = 0 where id = -1")).isZero();
            }
            jdbc.commit();
        }
        assertThat(router.router().database().twoPhaseCommit().committedCount()).isEqualTo(before);
        assertThat(sum("accounts", "balance")).isEqualTo(8 * 50 + 1);
    }

    @Test
    void aFailedPrepareRollsBackEveryShard() throws Exception {
        PartitionDirectory directory = router.router().database().directory();
        List<Integer> sameShard = new ArrayList<>();
        int other = -1;
        for (int k = 1; sameShard.size() < 2 || other < 0; k++) {
            int shard = directory.shardOf(directory.partitionOf(KeyType.INTEGER.hashText(Integer.toString(k))));
            if (shard == 0 && sameShard.size() < 2) {
                sameShard.add(k);
            } else if (shard != 0 && other < 0) {
                other = k;
            }
        }
        try (Connection jdbc = router.connect()) {
            jdbc.setAutoCommit(false);
            try (Statement statement = jdbc.createStatement()) {
                statement.executeUpdate("insert into uniq values (" + other + ", 1)");
                statement.executeUpdate("insert into uniq values (" + sameShard.get(0) + ", 7)");
                statement.executeUpdate("insert into uniq values (" + sameShard.get(1) + ", 7)");
            }
            // The deferred unique constraint fails at PREPARE TRANSACTION on shard 0.
            assertThatThrownBy(jdbc::commit).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("23505"));
        }
        assertThat(count("uniq")).isZero();
        assertNothingInDoubt();
    }

    @Test
    void aRollbackUndoesEveryShard() throws Exception {
        insertAccounts(6);
        try (Connection jdbc = router.connect()) {
            jdbc.setAutoCommit(false);
            try (Statement statement = jdbc.createStatement()) {
                assertThat(statement.executeUpdate("update accounts set balance = 0")).isEqualTo(6);
                assertThat(statement.executeUpdate("delete from accounts where id in (1, 2, 3)")).isEqualTo(3);
            }
            jdbc.rollback();
        }
        assertThat(sum("accounts", "balance")).isEqualTo(300);
    }

    @Test
    void aCancelRequestStopsARunningQuery() throws Exception {
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement()) {
            CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> {
                try {
                    statement.execute("select pg_sleep(60)");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            // A cancel that arrives before the query runs is ignored, as by PostgreSQL: send until it lands.
            Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> cancel(statement) && running.isDone());
            SQLException error = running.get(5, TimeUnit.SECONDS);
            assertThat((Throwable) error).isNotNull();
            assertThat(error.getSQLState()).isEqualTo("57014");
        }
    }

    private static boolean cancel(Statement statement) throws SQLException {
        statement.cancel();
        return true;
    }

    private void insertAccounts(int count) throws SQLException {
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement()) {
            for (int id = 1; id <= count; id++) {
                statement.executeUpdate("insert into accounts values (" + id + ", 50)");
            }
        }
    }

    private long count(String table) throws SQLException {
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
             ResultSet row = statement.executeQuery("select count(*) from " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    private long sum(String table, String column) throws SQLException {
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
             ResultSet row = statement.executeQuery("select sum(" + column + ") from " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    private void assertNothingInDoubt() throws SQLException {
        for (int shard = 0; shard < shards.count(); shard++) {
            try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement();
                 ResultSet prepared = statement.executeQuery(
                         "select count(*) from pg_prepared_xacts where database = current_database()")) {
                prepared.next();
                assertThat(prepared.getInt(1)).as("prepared transactions left on shard " + shard).isZero();
            }
        }
        try (Connection direct = shards.connectShard(0, database); Statement statement = direct.createStatement();
             ResultSet decisions = statement.executeQuery("select count(*) from octet_router.commit_decision")) {
            decisions.next();
            assertThat(decisions.getInt(1)).as("decisions not yet forgotten").isZero();
        }
    }
}
