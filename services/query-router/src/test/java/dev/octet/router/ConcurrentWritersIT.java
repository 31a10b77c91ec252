package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.support.RawClient;
import dev.octet.router.support.TestRouter;
import dev.octet.router.support.TestShards;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Concurrent writers through the router: writes to a reference table (a copy on every shard) take
 * their locks in one shard order, so they never deadlock across shards; deadlocks that the
 * clients' own statement order makes across shards are broken by the distributed deadlock detector
 * with 40P01; and a client that goes away while it waits leaves nothing behind on any shard.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentWritersIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private TestShards shards;
    private String database;
    private TestRouter router;
    private final ExecutorService clients = Executors.newCachedThreadPool();
    private int onShard0;
    private int onShard1;

    @BeforeAll
    void start() throws Exception {
        shards = TestShards.shared();
        database = shards.createDatabase("writers");
        router = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), "accounts:id")
                .deadlockDetectionInterval(Duration.ofMillis(500)).timeouts(Duration.ZERO, Duration.ZERO));
        onShard0 = router.keyOn(0, 1);
        onShard1 = router.keyOn(1, 1);
        router.execute("create table accounts (id int primary key, balance int not null)",
                "create table counters (name text primary key, value int not null)");
    }

    @BeforeEach
    void resetRows() throws Exception {
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement()) {
            statement.execute("truncate accounts, counters");
            statement.execute("insert into accounts values (" + onShard0 + ", 100), (" + onShard1 + ", 100)");
            statement.execute("insert into counters values ('x', 0), ('y', 0)");
        }
    }

    @AfterAll
    void stop() {
        clients.shutdownNow();
        router.close();
    }

    /** Without any deadlock detection: the lock order alone must keep concurrent reference writes from wedging. */
    @Test
    void concurrentWritesToTheSameReferenceRowsAllCommit() throws Exception {
        int writers = 6;
        int transactionsEach = 15;
        try (TestRouter undetected = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), "accounts:id")
                .deadlockDetectionInterval(Duration.ZERO).timeouts(Duration.ZERO, Duration.ZERO))) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int writer = 0; writer < writers; writer++) {
                results.add(clients.submit(() -> {
                    try (Connection jdbc = undetected.connect(); Statement statement = jdbc.createStatement()) {
                        jdbc.setAutoCommit(false);
                        for (int i = 0; i < transactionsEach; i++) {
                            statement.execute("update counters set value = value + 1 where name = 'x'");
                            statement.execute("update accounts set balance = balance + 1 where id = " + onShard1);
                            statement.execute("update counters set value = value + 1 where name = 'y'");
                            jdbc.commit();
                        }
                        return transactionsEach;
                    }
                }));
            }
            int committed = 0;
            for (Future<Integer> result : results) {
                // A wedge would hang here: fail instead of waiting for ever.
                committed += result.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(committed).isEqualTo(writers * transactionsEach);
        }
        for (int shard = 0; shard < shards.count(); shard++) {
            try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement();
                 ResultSet rows = statement.executeQuery("select name, value from counters order by name")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(2)).as("x on shard %d", shard).isEqualTo(writers * transactionsEach);
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(2)).as("y on shard %d", shard).isEqualTo(writers * transactionsEach);
            }
        }
        assertThat(balance(onShard1)).isEqualTo(100 + writers * transactionsEach);
    }

    @Test
    void aDeadlockAcrossTwoShardsCancelsTheYoungerTransactionWith40P01() throws Exception {
        long victimsBefore = router.router().deadlockDetector().victims();
        try (Connection older = router.connect(); Connection younger = router.connect()) {
            older.setAutoCommit(false);
            younger.setAutoCommit(false);
            older.createStatement().execute("update accounts set balance = balance - 10 where id = " + onShard0);
            younger.createStatement().execute("update accounts set balance = balance - 20 where id = " + onShard1);
            CompletableFuture<Void> olderWaits = CompletableFuture.runAsync(() -> update(older, onShard1, 10), clients);
            awaitLockWaits(1, 1);
            CompletableFuture<Void> youngerWaits = CompletableFuture.runAsync(() -> update(younger, onShard0, 20), clients);

            // The younger transaction is the victim: its statement fails as PostgreSQL's own deadlock victims do.
            assertThatThrownBy(() -> youngerWaits.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().cause().isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("40P01");
                        assertThat(e.getMessage()).contains("deadlock detected").contains("distributed deadlock");
                    });
            younger.rollback();
            olderWaits.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            older.commit();
        }
        assertThat(balance(onShard0)).isEqualTo(90);
        assertThat(balance(onShard1)).isEqualTo(110);
        assertThat(router.router().deadlockDetector().victims()).isEqualTo(victimsBefore + 1);
    }

    @Test
    void aClientThatGoesAwayWhileWaitingForALockLeavesNothingOnTheShards() throws Exception {
        try (Connection holder = router.connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().execute("update accounts set balance = 0 where id = " + onShard0);
            RawClient leaving = RawClient.loggedIn(router.port());
            leaving.send(ClientMessages.query("begin; update accounts set balance = 1 where id = "
                    + onShard1 + "; update accounts set balance = 1 where id = " + onShard0));
            awaitLockWaits(0, 1);
            leaving.close();

            // While the holder still holds its lock, the gone client's statement stops waiting, and its part on
            // the other shard is rolled back: nothing of it stays on any shard.
            awaitLockWaits(0, 0);
            Awaitility.await("the gone client's transaction rolled back on shard 1").atMost(PATIENCE)
                    .until(() -> openTransactions(1) == 0);
            holder.commit();
        }
        assertThat(balance(onShard0)).isZero();
        assertThat(balance(onShard1)).isEqualTo(100);
    }

    @Test
    void aClientThatGoesAwayInsideATransactionBlockHasItRolledBackOnEveryShard() throws Exception {
        RawClient leaving = RawClient.loggedIn(router.port());
        leaving.send(ClientMessages.query("begin; update accounts set balance = 5 where id = "
                + onShard0 + "; update accounts set balance = 5 where id = " + onShard1));
        leaving.readUntilReady();
        assertThat(openTransactions(0)).isOne();
        assertThat(openTransactions(1)).isOne();
        leaving.close();
        Awaitility.await("the transaction rolled back on both shards").atMost(PATIENCE)
                .until(() -> openTransactions(0) == 0 && openTransactions(1) == 0);
        assertThat(balance(onShard0)).isEqualTo(100);
    }

    private static void update(Connection jdbc, int id, int amount) {
        try (Statement statement = jdbc.createStatement()) {
            statement.execute("update accounts set balance = balance + " + amount + " where id = " + id);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code shard} has exactly {@code count} backends waiting for a lock. */
    private void awaitLockWaits(int shard, int count) {
        Awaitility.await("lock waits on shard " + shard).atMost(PATIENCE)
                .until(() -> shards.lockWaits(shard, database) == count);
    }

    private int openTransactions(int shard) throws SQLException {
        return shards.openTransactions(shard, database);
    }

    private int balance(int id) throws SQLException {
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
             ResultSet rows = statement.executeQuery("select balance from accounts where id = " + id)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
