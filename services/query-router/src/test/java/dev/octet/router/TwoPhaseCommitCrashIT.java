package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.router.support.RouterProcess;
import dev.octet.router.support.TestShards;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Kills the packaged router with SIGKILL while transfers between accounts on different shards are
 * committing in two phases, starts it again, and checks that every in-doubt transaction was
 * resolved: no prepared transaction left, no transfer half applied, no acknowledged transfer lost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoPhaseCommitCrashIT {

    private static final int ACCOUNTS = 60;
    private static final int INITIAL = 1_000;

    private TestShards shards;
    private String database;
    private RouterProcess router;
    private final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() throws Exception {
        shards = TestShards.start(3, false);
        database = shards.createDatabase("crash");
        router = new RouterProcess(shards.shardSpecs(database), Map.of(
                "OCTET_ROUTER_TABLES_SHARDED", "accounts:id,ledger:account",
                "OCTET_ROUTER_INSTANCE_ID", "crashtest",
                "OCTET_ROUTER_RECOVERY_INTERVAL", "1h")).start();
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement()) {
            statement.execute("create table accounts (id int primary key, balance int not null)");
            statement.execute("create table ledger (account int, transfer uuid, delta int not null, "
                    + "primary key (account, transfer))");
            StringBuilder insert = new StringBuilder("insert into accounts values ");
            for (int id = 1; id <= ACCOUNTS; id++) {
                insert.append(id == 1 ? "" : ", ").append('(').append(id).append(", ").append(INITIAL).append(')');
            }
            statement.execute(insert.toString());
        }
    }

    @AfterAll
    void stop() {
        if (router != null) {
            router.close();
        }
        shards.stop();
    }

    @Test
    void aRouterKilledMidCommitLeavesNoTransactionHalfApplied() throws Exception {
        int inDoubtAfterKill = 0;
        for (int attempt = 0; attempt < 5 && inDoubtAfterKill == 0; attempt++) {
            if (attempt > 0) {
                router.start();
            }
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService load = Executors.newFixedThreadPool(4);
            for (int worker = 0; worker < 4; worker++) {
                int seed = attempt * 10 + worker;
                load.submit(() -> transfer(seed, running));
            }
            // Kill the router the moment a transaction is prepared on a shard: mid two-phase commit.
            Awaitility.await("a prepared transaction").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                    .until(() -> preparedTransactions() > 0);
            router.kill();
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            inDoubtAfterKill = preparedTransactions();
        }
        assertThat(inDoubtAfterKill).as("in-doubt transactions left by the crash").isPositive();

        router.start();
        assertThat(preparedTransactions()).as("in-doubt transactions after recovery").isZero();
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement()) {
            Map<UUID, Integer> rowsPerTransfer = new HashMap<>();
            Map<Integer, Integer> deltas = new HashMap<>();
            try (ResultSet ledger = statement.executeQuery("select account, transfer, delta from ledger")) {
                while (ledger.next()) {
                    rowsPerTransfer.merge((UUID) ledger.getObject(2), 1, Integer::sum);
                    deltas.merge(ledger.getInt(1), ledger.getInt(3), Integer::sum);
                }
            }
            assertThat(rowsPerTransfer.values()).as("every transfer has both halves").containsOnly(2);
            assertThat(rowsPerTransfer.keySet()).as("acknowledged transfers").containsAll(acknowledged);
            long total = 0;
            try (ResultSet balances = statement.executeQuery("select id, balance from accounts")) {
                while (balances.next()) {
                    total += balances.getInt(2);
                    assertThat(balances.getInt(2)).as("balance of " + balances.getInt(1))
                            .isEqualTo(INITIAL + deltas.getOrDefault(balances.getInt(1), 0));
                }
            }
            assertThat(total).isEqualTo((long) ACCOUNTS * INITIAL);
        }
        assertThat(acknowledged).isNotEmpty();
    }

    private Void transfer(int seed, AtomicBoolean running) {
        Random random = new Random(seed);
        try (Connection jdbc = router.connect()) {
            jdbc.setAutoCommit(false);
            try (PreparedStatement move = jdbc.prepareStatement("update accounts set balance = balance + ? where id = ?");
                 PreparedStatement record = jdbc.prepareStatement("insert into ledger values (?, ?, ?)")) {
                for (int i = 0; i < 100_000 && running.get(); i++) {
                    int from = 1 + random.nextInt(ACCOUNTS);
                    int to = 1 + (from + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                    UUID id = UUID.randomUUID();
                    // Lower account first: the shards cannot see a deadlock that spans two of them.
                    List<int[]> legs = from < to ? List.of(new int[] {from, -1}, new int[] {to, 1})
                            : List.of(new int[] {to, 1}, new int[] {from, -1});
                    for (int[] leg : legs) {
                        move.setInt(1, leg[1]);
                        move.setInt(2, leg[0]);
                        move.executeUpdate();
                        record.setInt(1, leg[0]);
                        record.setObject(2, id);
                        record.setInt(3, leg[1]);
                        record.executeUpdate();
                    }
                    jdbc.commit();
                    acknowledged.add(id);
                }
            }
        } catch (SQLException e) {
            // The router was killed: this transfer's outcome is unknown, so it is not counted as acknowledged.
        }
        return null;
    }

    private int preparedTransactions() throws SQLException {
        int prepared = 0;
        for (int shard = 0; shard < shards.count(); shard++) {
            try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement();
                 ResultSet count = statement.executeQuery(
                         "select count(*) from pg_prepared_xacts where database = current_database()")) {
                count.next();
                prepared += count.getInt(1);
            }
        }
        return prepared;
    }
}
