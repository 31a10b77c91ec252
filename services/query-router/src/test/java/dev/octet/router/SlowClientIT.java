package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.protocol.DataRow;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.support.RawClient;
import dev.octet.router.support.TestRouter;
import dev.octet.router.support.TestShards;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Single-shard results are relayed on an event loop that other sessions share: a client that reads
 * slowly must get its whole result, in order, while the others on the same loop are still served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientIT {

    private static final int ROWS = 60_000;

    private TestRouter router;

    @BeforeAll
    void start() {
        TestShards shards = TestShards.shared();
        String database = shards.createDatabase("slow");
        // One event loop: every session and every shard connection shares it.
        router = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), "t:k").eventLoops(1));
    }

    @AfterAll
    void stop() {
        router.close();
    }

    @Test
    void aSlowReaderGetsItsWholeResultWhileOthersOnItsLoopAreServed() throws Exception {
        try (RawClient slow = RawClient.loggedIn(router.port(), 4096)) {
            // Far more than the socket buffers hold: the router has to wait for this client.
            slow.send(ClientMessages.query("select g, repeat('x', 200) from generate_series(1, " + ROWS + ") g"));
            assertThat(slow.read().kind()).isEqualTo('T');
            int next = 1;
            for (; next <= 10; next++) {
                assertThat(value(slow.read())).isEqualTo(next);
            }

            // The slow client stalls; another session on the same loop still gets its answers.
            try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
                 ResultSet result = statement.executeQuery("select count(*) from generate_series(1, 1000)")) {
                result.next();
                assertThat(result.getInt(1)).isEqualTo(1000);
            }

            PgMessage message;
            while ((message = slow.read()).kind() == 'D') {
                assertThat(value(message)).isEqualTo(next++);
            }
            assertThat(next - 1).isEqualTo(ROWS);
            assertThat(message.kind()).isEqualTo('C');
            assertThat(new String(message.payload(), 0, message.payload().length - 1, StandardCharsets.UTF_8))
                    .isEqualTo("SELECT " + ROWS);
            assertThat(slow.read().kind()).isEqualTo('Z');

            // And the slow session carries on normally.
            slow.send(ClientMessages.query("select 42"));
            assertThat(slow.read().kind()).isEqualTo('T');
            assertThat(value(slow.read())).isEqualTo(42);
        }
    }

    private static int value(PgMessage dataRow) {
        assertThat(dataRow.kind()).isEqualTo('D');
        return Integer.parseInt(new String(DataRow.columns(dataRow.payload())[0], StandardCharsets.UTF_8));
    }
}
