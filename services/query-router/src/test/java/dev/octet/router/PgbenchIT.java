package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.local.PostgresBinaries;
import dev.octet.router.support.RouterProcess;
import dev.octet.router.support.TestRouter;
import dev.octet.router.support.TestShards;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * pgbench's own TPC-B script through the router, as a user would run it: pgbench_accounts and
 * pgbench_history sharded by aid, pgbench_tellers and pgbench_branches reference tables written on
 * every shard in each transaction (so every transaction commits in two phases, and all of them
 * contend for the one branch row). It must finish, keep pgbench's invariant on every shard, and
 * leave no transaction behind on any shard, also when the router is SIGKILLed in the middle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgbenchIT {

    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");

    private TestShards shards;
    private String database;
    private RouterProcess router;

    @BeforeAll
    void start() throws Exception {
        shards = TestShards.start(TestShards.SHARDS, false);
        database = shards.createDatabase("pgbench");
        router = new RouterProcess(shards.shardSpecs(database), Map.of(
                "OCTET_ROUTER_TABLES_SHARDED", "pgbench_accounts:aid,pgbench_history:aid",
                "OCTET_ROUTER_INSTANCE_ID", "pgbenchtest")).start();
    }

    @AfterAll
    void stop() {
        if (router != null) {
            router.close();
        }
        shards.stop();
    }

    @Test
    void eightClientsRunTheTpcbScriptToTheEndAndKeepItsInvariant() throws Exception {
        pgbench(Duration.ofMinutes(2), "-i", "-s", "1", "-q");
        String report = pgbench(Duration.ofMinutes(3), "-c", "8", "-j", "2", "-T", "30", "-n", "--max-tries", "20",
                "--failures-detailed");
        assertThat(figure(PROCESSED, report)).as(report).isPositive();
        assertThat(figure(FAILED, report)).as(report).isZero();
        assertInvariantOnEveryShard();
        awaitNothingLeftOnTheShards();
    }

    @Test
    void aRouterKilledInTheMiddleLeavesEveryTransactionWholeOrAbsent() throws Exception {
        pgbench(Duration.ofMinutes(2), "-i", "-s", "1", "-q");
        Path output = Files.createTempFile("pgbench", ".log");
        Process load = pgbenchProcess(output, "-c", "8", "-j", "2", "-T", "60", "-n", "--max-tries", "20");
        try {
            Awaitility.await("transactions committed before the crash").atMost(Duration.ofSeconds(90))
                    .until(() -> historyRows() >= 100);
            router.kill();
            // Its clients lose their connections and pgbench gives up on them.
            assertThat(load.waitFor(60, TimeUnit.SECONDS)).as("pgbench ends once the router is gone").isTrue();
        } finally {
            load.destroyForcibly();
            Files.deleteIfExists(output);
        }
        router.start();
        // Recovery ran before the router took clients again: every two-phase commit is settled.
        awaitNothingLeftOnTheShards();
        assertInvariantOnEveryShard();
    }

    /**
     * pgbench's consistency check: every transaction adds the same delta to an account, a teller, a
     * branch and the history, so the four sums agree; tellers and branches are copies on every shard,
     * so each shard's copy must agree too.
     */
    private void assertInvariantOnEveryShard() throws SQLException {
        BigDecimal deltas;
        BigDecimal accounts;
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement()) {
            // Plain aggregates: the router merges them across shards.
            deltas = sum(statement, "select sum(delta) from pgbench_history");
            accounts = sum(statement, "select sum(abalance) from pgbench_accounts");
        }
        assertThat(accounts).as("sum(abalance) = sum(delta)").isEqualByComparingTo(deltas);
        for (int shard = 0; shard < shards.count(); shard++) {
            try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement()) {
                assertThat(sum(statement, "select sum(bbalance) from pgbench_branches"))
                        .as("sum(bbalance) on shard %d", shard).isEqualByComparingTo(deltas);
                assertThat(sum(statement, "select sum(tbalance) from pgbench_tellers"))
                        .as("sum(tbalance) on shard %d", shard).isEqualByComparingTo(deltas);
            }
        }
    }

    /** No shard keeps a transaction (open or prepared) once the clients have gone. */
    private void awaitNothingLeftOnTheShards() {
        Awaitility.await("no transaction left on any shard").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int shard = 0; shard < shards.count(); shard++) {
                assertThat(shards.openTransactions(shard, database)).as("open transactions on shard %d", shard).isZero();
                assertThat(shards.preparedTransactions(shard, database)).as("prepared transactions on shard %d", shard)
                        .isZero();
            }
        });
    }

    private long historyRows() throws SQLException {
        long rows = 0;
        for (int shard = 0; shard < shards.count(); shard++) {
            try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement()) {
                rows += count(statement, "select count(*) from pgbench_history");
            }
        }
        return rows;
    }

    /** A sum, 0 for none. */
    private static BigDecimal sum(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            BigDecimal sum = rows.getBigDecimal(1);
            return sum == null ? BigDecimal.ZERO : sum;
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long figure(Pattern pattern, String report) {
        Matcher matcher = pattern.matcher(report);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** Runs pgbench through the router to the end and returns what it printed; fails if it fails. */
    private String pgbench(Duration patience, String... arguments) throws IOException, InterruptedException {
        Path output = Files.createTempFile("pgbench", ".log");
        try {
            Process process = pgbenchProcess(output, arguments);
            if (!process.waitFor(patience.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("pgbench " + String.join(" ", arguments) + " did not finish within "
                        + patience + ":\n" + Files.readString(output));
            }
            String report = Files.readString(output);
            System.out.println(report);
            assertThat(process.exitValue()).as("pgbench " + String.join(" ", arguments) + "\n" + report).isZero();
            return report;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private Process pgbenchProcess(Path output, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(PostgresBinaries.tool("pgbench").toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(router.port()), "-U", TestRouter.USER));
        command.addAll(List.of(arguments));
        command.add(TestRouter.DATABASE);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("PGPASSWORD", TestRouter.PASSWORD);
        return builder.start();
    }
}
