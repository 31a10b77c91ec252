package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.protocol.PgMessage;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The router's last line of defence: a statement that runs past the statement timeout is cancelled
 * on its shards, and a session left idle inside a transaction is closed and rolled back everywhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouterTimeoutsIT {

    private TestShards shards;
    private String database;
    private TestRouter router;

    @BeforeAll
    void start() throws Exception {
        shards = TestShards.shared();
        database = shards.createDatabase("timeouts");
        router = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), "t:k")
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement()) {
            statement.execute("create table t (k int primary key, v int)");
            StringBuilder rows = new StringBuilder("insert into t values (1, 0)");
            for (int k = 2; k <= 40; k++) {
                rows.append(", (").append(k).append(", 0)");
            }
            statement.execute(rows.toString());
        }
    }

    @AfterAll
    void stop() {
        router.close();
    }

    @Test
    void aStatementPastTheTimeoutIsCancelledOnItsShards() throws Exception {
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement()) {
            // Each shard would sleep for ten minutes: only the router's timeout can end it, on one shard
            // (relayed on the event loop) as on several (merged by a worker).
            for (String sleeper : List.of("select k, pg_sleep(600) from t where k = 1",
                    "select k, pg_sleep(600) from t where k in (1, 2, 3, 4, 5)")) {
                assertThatThrownBy(() -> statement.executeQuery(sleeper)).as(sleeper)
                        .isInstanceOfSatisfying(SQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("57014");
                            assertThat(e.getMessage()).contains("statement timeout");
                        });
            }
            // The session is still usable.
            try (ResultSet rows = statement.executeQuery("select count(*) from t")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(40);
            }
        }
    }

    @Test
    void aSessionIdleInATransactionIsClosedAndRolledBack() throws Exception {
        try (RawClient idle = RawClient.loggedIn(router.port())) {
            idle.send(ClientMessages.query("begin; update t set v = 7 where k in (1, 2, 3, 4, 5, 6, 7, 8)"));
            List<PgMessage> reply = idle.readUntilReady();
            assertThat(reply.get(reply.size() - 1).payload()[0]).as("in a transaction block").isEqualTo((byte) 'T');
            // Nothing more is sent: the router closes the session once it has been idle in its transaction too long.
            List<PgMessage> last = new ArrayList<>();
            assertThat(idle.closedByServer(last::add)).isTrue();
            PgMessage fatal = last.get(last.size() - 1);
            assertThat(RawClient.severity(fatal)).isEqualTo("FATAL");
            assertThat(RawClient.sqlState(fatal)).isEqualTo("25P03");
        }
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from t where v = 7")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
        Awaitility.await("no transaction left open on any shard").atMost(Duration.ofSeconds(30))
                .until(() -> openTransactionsOnShards() == 0);
    }

    private int openTransactionsOnShards() throws SQLException {
        int open = 0;
        for (int shard = 0; shard < shards.count(); shard++) {
            open += shards.openTransactions(shard, database);
        }
        return open;
    }
}
