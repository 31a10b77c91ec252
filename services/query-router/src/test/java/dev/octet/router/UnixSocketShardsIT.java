package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.router.support.TestRouter;
import dev.octet.router.support.TestShards;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A router next to its shards reaches them over their Unix-domain sockets when given their socket
 * directory: statements, multi-shard merges and two-phase commits work as over TCP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnixSocketShardsIT {

    private TestRouter router;

    @BeforeAll
    void start() throws Exception {
        TestShards shards = TestShards.shared();
        String database = shards.createDatabase("sockets");
        router = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), "accounts:id")
                .shardSocketDirectory(shards.socketDirectory()));
        router.execute("create table accounts (id int primary key, balance int not null)",
                "insert into accounts values (1, 100), (2, 100), (3, 100), (4, 100), (5, 100), (6, 100)");
    }

    @AfterAll
    void stop() {
        router.close();
    }

    @Test
    void theShardConnectionsAreUnixDomainSockets() throws Exception {
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
             // PostgreSQL reports no client address for a connection over a Unix-domain socket.
             ResultSet result = statement.executeQuery("select inet_client_addr() is null from accounts where id = 1")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getBoolean(1)).isTrue();
        }
    }

    @Test
    void singleShardStatementsMergesAndTwoPhaseCommitsWork() throws Exception {
        try (Connection jdbc = router.connect()) {
            jdbc.setAutoCommit(false);
            try (PreparedStatement move = jdbc.prepareStatement("update accounts set balance = balance + ? where id = ?")) {
                for (int id = 1; id <= 6; id++) {
                    move.setInt(1, id % 2 == 0 ? 10 : -10);
                    move.setInt(2, id);
                    assertThat(move.executeUpdate()).isEqualTo(1);
                }
            }
            jdbc.commit();
            jdbc.setAutoCommit(true);
            try (Statement statement = jdbc.createStatement();
                 ResultSet total = statement.executeQuery("select sum(balance), count(*) from accounts")) {
                total.next();
                assertThat(total.getLong(1)).isEqualTo(600);
                assertThat(total.getInt(2)).isEqualTo(6);
            }
            try (PreparedStatement one = jdbc.prepareStatement("select balance from accounts where id = ?")) {
                one.setInt(1, 2);
                try (ResultSet result = one.executeQuery()) {
                    result.next();
                    assertThat(result.getInt(1)).isEqualTo(110);
                }
            }
        }
    }
}
