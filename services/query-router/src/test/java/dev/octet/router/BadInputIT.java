package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.protocol.MessageBuilder;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.support.RawClient;
import dev.octet.router.support.TestRouter;
import dev.octet.router.support.TestShards;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Malformed protocol messages, unknown statement and portal names, refused constructs: each gets
 * PostgreSQL's own kind of error, and the router goes on serving everyone else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {

    private TestRouter router;

    @BeforeAll
    void start() throws Exception {
        TestShards shards = TestShards.shared();
        String database = shards.createDatabase("badinput");
        router = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), "t:k").maxMessageLength(1 << 20));
        router.execute("create table t (k int primary key, v text)",
                "insert into t values (1, 'one'), (2, 'two'), (3, 'three')");
    }

    @AfterAll
    void stop() {
        router.close();
    }

    @AfterEach
    void routerStillServes() throws Exception {
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
             ResultSet count = statement.executeQuery("select count(*) from t")) {
            count.next();
            assertThat(count.getInt(1)).isEqualTo(3);
        }
    }

    @Test
    void aGarbageStartupPacketIsAProtocolViolation() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            client.raw(new byte[] {0, 0, 0, 8, 0, 9, 0, 0});
            PgMessage error = client.read();
            assertThat(RawClient.sqlState(error)).isEqualTo("08P01");
            assertThat(RawClient.severity(error)).isEqualTo("FATAL");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void anImpossibleLengthIsRefusedBeforeAnythingIsBuffered() throws Exception {
        try (RawClient client = RawClient.loggedIn(router.port())) {
            client.raw(new byte[] {'Q', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            PgMessage error = client.read();
            assertThat(RawClient.sqlState(error)).isEqualTo("08P01");
            assertThat(RawClient.message(error)).contains("invalid message length");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void anUnknownMessageTypeIsAProtocolViolation() throws Exception {
        try (RawClient client = RawClient.loggedIn(router.port())) {
            client.send(new PgMessage((byte) '!', new byte[3]));
            PgMessage error = client.read();
            assertThat(RawClient.sqlState(error)).isEqualTo("08P01");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aTruncatedBindIsAProtocolViolation() throws Exception {
        try (RawClient client = RawClient.loggedIn(router.port())) {
            client.send(ClientMessages.parse("", "select $1::int", new int[0]),
                    new MessageBuilder().string("").string("").int16(0).int16(3).int32(100).message('B'));
            PgMessage error = client.read();
            assertThat(RawClient.sqlState(error)).isEqualTo("08P01");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void unknownStatementsAndPortalsAreErrorsAndTheSessionRecovers() throws Exception {
        try (RawClient client = RawClient.loggedIn(router.port())) {
            client.send(ClientMessages.bind("", "nope", new short[0], new byte[0][], new short[0]),
                    ClientMessages.execute("", 0), ClientMessages.SYNC);
            List<PgMessage> reply = client.readUntilReady();
            assertThat(reply.get(0).kind()).isEqualTo('E');
            assertThat(RawClient.sqlState(reply.get(0))).isEqualTo("26000");
            assertThat(reply).hasSize(2);

            client.send(ClientMessages.describe('P', "missing"), ClientMessages.SYNC);
            reply = client.readUntilReady();
            assertThat(RawClient.sqlState(reply.get(0))).isEqualTo("34000");

            client.send(ClientMessages.parse("dup", "select 1", new int[0]), ClientMessages.parse("dup", "select 2",
                    new int[0]), ClientMessages.SYNC);
            reply = client.readUntilReady();
            assertThat(reply.get(0).kind()).isEqualTo('1');
            assertThat(RawClient.sqlState(reply.get(1))).isEqualTo("42P05");

            client.send(ClientMessages.query("select v from t where k = 2"));
            reply = client.readUntilReady();
            assertThat(reply).extracting(PgMessage::kind).containsExactly('T', 'D', 'C', 'Z');
        }
    }

    @Test
    void refusedConstructsAre0A000NamingTheConstruct() throws Exception {
        String[][] refused = {
                {"select k, sum(k) over () from t", "window functions"},
                {"select * from t where k = 1 union select * from t where k = 2", "UNION"},
                {"select v, count(*) from t group by v having count(*) > 1", "HAVING"},
                {"select string_agg(v, ',') from t", "string_agg"},
                {"update t set k = 5 where k = 1", "shard key"},
                {"insert into t (v) values ('no key')", "shard key"},
                {"select * from t where k > (select avg(k) from t)", "subquery"},
                {"listen channel", "LISTEN"},
                {"create temporary table tmp (x int)", "temporary"},
                {"prepare transaction 'x'", "PREPARE TRANSACTION"},
                {"with gone as (delete from t where k = 1 returning *) select * from gone", "data-modifying WITH"},
        };
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement()) {
            for (String[] example : refused) {
                try {
                    statement.execute(example[0]);
                    throw new AssertionError("not refused: " + example[0]);
                } catch (java.sql.SQLException e) {
                    assertThat(e.getSQLState()).as(example[0]).isEqualTo("0A000");
                    assertThat(e.getMessage()).as(example[0]).contains(example[1]);
                }
            }
        }
    }

    @Test
    void aWrongDatabaseIsRefused() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            client.raw(ClientMessages.startup(java.util.Map.of("user", TestRouter.USER, "database", "elsewhere")));
            PgMessage sasl = client.read();
            assertThat(ByteBuffer.wrap(sasl.payload()).getInt()).isEqualTo(10);
            client.close();
        }
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", TestRouter.USER);
        properties.setProperty("password", TestRouter.PASSWORD);
        try {
            java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + router.port() + "/elsewhere",
                    properties).close();
            throw new AssertionError("connected to a database that does not exist");
        } catch (java.sql.SQLException e) {
            assertThat(e.getSQLState()).isEqualTo("3D000");
        }
    }

    @Test
    void sslIsDeclinedAndThePlainConnectionProceeds() throws Exception {
        try (RawClient client = new RawClient(router.port())) {
            client.raw(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f});
            assertThat((char) client.readByte()).isEqualTo('N');
            List<PgMessage> startup = client.logIn();
            assertThat(startup.get(startup.size() - 1).kind()).isEqualTo('Z');
            assertThat(startup).anyMatch(message -> message.kind() == 'K');
        }
    }
}
