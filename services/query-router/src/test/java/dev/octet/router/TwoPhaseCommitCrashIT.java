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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
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

    private static final int ACCOUNTS = 200;
    private static final int INITIAL = 1_000;
    private static final String INSTANCE = "crashtest";
    private static final String WAITING_FOR_DECISION =
            "wait_event_type = 'Lock' and query like 'insert into octet_router.commit_decision%'";

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
                "OCTET_ROUTER_INSTANCE_ID", INSTANCE,
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

    /**
     * The crash is made to happen at a known point: the test holds a lock on the coordinator log, so
     * transfers that span two shards prepare on both and then wait to record their decision; the
     * router is killed there. One of those in-doubt transfers then gets its decision row, as if the
     * router had died just after recording it: recovery must commit that one and roll back the rest.
     */
    @Test
    void aRouterKilledMidCommitLeavesNoTransactionHalfApplied() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int worker = 0; worker < 4; worker++) {
            int seed = worker;
            load.submit(() -> transfer(seed, running));
        }
        Awaitility.await("transfers acknowledged before the crash").atMost(Duration.ofSeconds(60))
                .until(() -> acknowledged.size() >= 20);
        try (Connection logLock = shards.connectShard(0, database); Statement statement = logLock.createStatement()) {
            logLock.setAutoCommit(false);
            statement.execute("lock table octet_router.commit_decision in exclusive mode");
            Awaitility.await("transfers prepared and waiting for their commit decision").atMost(Duration.ofSeconds(60))
                    .until(() -> waitingForDecision(statement) >= 2);
            router.kill();
            // The killed router's backends would still insert their decisions once the lock is gone.
            statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where " + WAITING_FOR_DECISION);
            Awaitility.await("the killed router's decisions abandoned").atMost(Duration.ofSeconds(30))
                    .until(() -> waitingForDecision(statement) == 0);
            logLock.rollback();
        }
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        Map<String, List<Integer>> inDoubt = preparedTransactions();
        assertThat(inDoubt).as("in-doubt transactions left by the crash").hasSizeGreaterThanOrEqualTo(2);
        // A transfer whose decision was recorded just before the test took the lock, and that was killed before
        // any COMMIT PREPARED, is in doubt too, and recovery rightly commits it: count those, whole on both shards.
        Map<String, Set<Integer>> decidedBeforeTheCrash = decisions();
        long decidedAndWhole = inDoubt.entrySet().stream()
                .filter(part -> part.getValue().size() == 2 && Set.copyOf(part.getValue()).equals(decidedBeforeTheCrash.get(part.getKey())))
                .count();
        // The one decided here: prepared on both shards (one prepared on a single shard was killed mid-prepare).
        String decided = inDoubt.entrySet().stream()
                .filter(part -> part.getValue().size() == 2 && !decidedBeforeTheCrash.containsKey(part.getKey()))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        recordDecision(decided, inDoubt.get(decided));
        Set<UUID> committedBeforeRecovery = ledgerTransfersOnShards();

        router.start();
        assertThat(preparedTransactions()).as("in-doubt transactions after recovery").isEmpty();
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
            Set<UUID> committedByRecovery = new HashSet<>(rowsPerTransfer.keySet());
            committedByRecovery.removeAll(committedBeforeRecovery);
            assertThat(committedByRecovery).as("transfers committed by recovery: the one decided here and those decided "
                    + "before the crash, no other").hasSize(1 + (int) decidedAndWhole);
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
    }

    private static int waitingForDecision(Statement statement) throws SQLException {
        try (ResultSet waiting = statement.executeQuery("select count(*) from pg_stat_activity where " + WAITING_FOR_DECISION)) {
            waiting.next();
            return waiting.getInt(1);
        }
    }

    private Set<UUID> ledgerTransfersOnShards() throws SQLException {
        Set<UUID> transfers = new HashSet<>();
        for (int shard = 0; shard < shards.count(); shard++) {
            try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement();
                 ResultSet ledger = statement.executeQuery("select transfer from ledger")) {
                while (ledger.next()) {
                    transfers.add((UUID) ledger.getObject(1));
                }
            }
        }
        return transfers;
    }

    /** The router's transaction id of every prepared transaction, with the shards that hold a part of it. */
    private Map<String, List<Integer>> preparedTransactions() throws SQLException {
        String prefix = "octet_" + INSTANCE + "_";
        Map<String, List<Integer>> prepared = new TreeMap<>();
        for (int shard = 0; shard < shards.count(); shard++) {
            try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement();
                 ResultSet gids = statement.executeQuery(
                         "select gid from pg_prepared_xacts where database = current_database()")) {
                while (gids.next()) {
                    // A part's gid is <prefix><transaction id>_<shard>.
                    String gid = gids.getString(1);
                    assertThat(gid).startsWith(prefix).endsWith("_" + shard);
                    prepared.computeIfAbsent(gid.substring(prefix.length(), gid.lastIndexOf('_')), id -> new ArrayList<>())
                            .add(shard);
                }
            }
        }
        return prepared;
    }

    /** The coordinator log: each recorded decision's transaction id and its shards. */
    private Map<String, Set<Integer>> decisions() throws SQLException {
        Map<String, Set<Integer>> decisions = new HashMap<>();
        try (Connection direct = shards.connectShard(0, database); Statement statement = direct.createStatement();
             ResultSet rows = statement.executeQuery("select transaction_id, shards from octet_router.commit_decision")) {
            while (rows.next()) {
                Set<Integer> participants = new HashSet<>();
                for (String shard : rows.getString(2).split(",")) {
                    participants.add(Integer.parseInt(shard.strip()));
                }
                decisions.put(rows.getString(1), participants);
            }
        }
        return decisions;
    }

    private void recordDecision(String transactionId, List<Integer> participants) throws SQLException {
        try (Connection direct = shards.connectShard(0, database); PreparedStatement insert = direct.prepareStatement(
                "insert into octet_router.commit_decision (transaction_id, instance, shards) values (?, ?, ?)")) {
            insert.setString(1, transactionId);
            insert.setString(2, INSTANCE);
            insert.setString(3, participants.stream().map(String::valueOf).collect(Collectors.joining(",")));
            insert.executeUpdate();
        }
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
}
