package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.router.support.TestRouter;
import dev.octet.router.support.TestShards;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A shard that is down: statements that need it get a clear 08006 at once; everything else is still
 * served, new clients can still log in, and the shard is used again once it is back. A transaction
 * that works on a healthy shard reads its shard-local rows there, and a SKIP LOCKED queue read
 * passes over the dead shard, so an outbox keeps being relayed for the live ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardDownIT {

    private TestShards shards;
    private String database;
    private TestRouter router;
    private int onHealthyShard;
    private int onDeadShard;

    @BeforeAll
    void start() throws Exception {
        shards = TestShards.start(2, false);
        database = shards.createDatabase("down");
        router = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), "t:k").shardLocalTables("outbox")
                .connectTimeout(Duration.ofSeconds(1)));
        onHealthyShard = router.keyOn(0, 1);
        onDeadShard = router.keyOn(1, 1);
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement()) {
            statement.execute("create table t (k int primary key, v text)");
            statement.execute("create table colours (name text primary key)");
            statement.execute("insert into colours values ('red'), ('green')");
            statement.execute("insert into t values (" + onHealthyShard + ", 'alive'), (" + onDeadShard + ", 'later')");
            statement.execute("create table outbox (id uuid primary key, position bigserial not null, event text)");
        }
    }

    @BeforeEach
    void emptyOutbox() throws SQLException {
        router.execute("truncate outbox");
    }

    @AfterEach
    void shardBack() {
        if (!shards.shard(1).isRunning()) {
            shards.shard(1).start();
        }
        awaitShardBack();
    }

    private void awaitShardBack() {
        Awaitility.await("the router using shard 1 again").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
                 ResultSet back = statement.executeQuery("select v from t where k = " + onDeadShard)) {
                return back.next();
            }
        });
    }

    @Test
    void aTransactionOnAHealthyShardReadsItsShardLocalRowsThereWhileAnotherShardIsDown() throws Exception {
        shards.shard(1).kill();
        UUID event = UUID.randomUUID();
        try (Connection jdbc = router.connect()) {
            jdbc.setAutoCommit(false);
            try (Statement statement = jdbc.createStatement()) {
                statement.execute("update t set v = v where k = " + onHealthyShard);
            }
            // What Hibernate does after inserting an outbox row: read its generated position back, by id.
            try (PreparedStatement insert = jdbc.prepareStatement("insert into outbox (id, event) values (?, 'placed')");
                 PreparedStatement position = jdbc.prepareStatement("select position from outbox where id = ?")) {
                insert.setObject(1, event);
                insert.executeUpdate();
                position.setObject(1, event);
                try (ResultSet rows = position.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getLong(1)).isPositive();
                }
            }
            jdbc.commit();
        }
        try (Connection direct = shards.connectShard(0, database); Statement statement = direct.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from outbox where id = '" + event + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("the event beside its change, on shard 0").isOne();
        }
    }

    @Test
    void aSkipLockedQueueReadPassesOverADeadShardAndOtherReadsOfItFail() throws Exception {
        UUID live = UUID.randomUUID();
        UUID stranded = UUID.randomUUID();
        appendEvent(onHealthyShard, live);
        appendEvent(onDeadShard, stranded);
        assertThat(eventsOn(0)).containsExactly(live);
        assertThat(eventsOn(1)).containsExactly(stranded);
        shards.shard(1).kill();
        try (Connection jdbc = router.connect()) {
            jdbc.setAutoCommit(false);
            List<Object> batch = new ArrayList<>();
            try (Statement statement = jdbc.createStatement();
                 ResultSet rows = statement.executeQuery("select id from outbox order by position limit 10 "
                         + "for update skip locked")) {
                while (rows.next()) {
                    batch.add(rows.getObject(1));
                }
            }
            assertThat(batch).containsExactly(live);
            try (PreparedStatement delete = jdbc.prepareStatement("delete from outbox where id = any (?)")) {
                delete.setArray(1, jdbc.createArrayOf("uuid", batch.toArray()));
                assertThat(delete.executeUpdate()).isOne();
            }
            jdbc.commit();
            try (Statement statement = jdbc.createStatement()) {
                jdbc.setAutoCommit(true);
                assertThatThrownBy(() -> statement.executeQuery("select count(*) from outbox"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08006"));
            }
        }
        shards.shard(1).start();
        awaitShardBack();
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
             ResultSet rows = statement.executeQuery("select id from outbox")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getObject(1)).as("the dead shard's event waits for it").isEqualTo(stranded);
            assertThat(rows.next()).isFalse();
        }
    }

    private List<Object> eventsOn(int shard) throws SQLException {
        List<Object> events = new ArrayList<>();
        try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement();
             ResultSet rows = statement.executeQuery("select id from outbox")) {
            while (rows.next()) {
                events.add(rows.getObject(1));
            }
        }
        return events;
    }

    /** Appends an event in a transaction that changes row {@code key}: the event lands on that row's shard. */
    private void appendEvent(int key, UUID id) throws SQLException {
        try (Connection jdbc = router.connect()) {
            jdbc.setAutoCommit(false);
            try (Statement statement = jdbc.createStatement()) {
                statement.execute("update t set v = v where k = " + key);
                statement.execute("insert into outbox (id, event) values ('" + id + "', 'changed')");
            }
            jdbc.commit();
        }
    }

    @AfterAll
    void stop() {
        router.close();
        shards.stop();
    }

    @Test
    void statementsThatNeedADeadShardFailFastAndOthersAreServed() throws Exception {
        shards.shard(1).kill();
        try (Connection jdbc = router.connect(Map.of("socketTimeout", "30")); Statement statement = jdbc.createStatement()) {
            assertThatThrownBy(() -> statement.executeQuery("select v from t where k = " + onDeadShard))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("08006");
                        assertThat(e.getMessage()).contains("shard 1");
                    });
            assertThatThrownBy(() -> statement.executeQuery("select count(*) from t"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08006"));
            try (ResultSet alive = statement.executeQuery("select v from t where k = " + onHealthyShard)) {
                assertThat(alive.next()).isTrue();
                assertThat(alive.getString(1)).isEqualTo("alive");
            }
            assertThat(statement.executeUpdate("update t set v = 'still alive' where k = " + onHealthyShard)).isOne();
        }
        // A new client logs in while the shard is down, and a reference table is read from the live one.
        try (Connection fresh = router.connect(); Statement statement = fresh.createStatement();
             ResultSet colours = statement.executeQuery("select count(*) from colours")) {
            colours.next();
            assertThat(colours.getInt(1)).isEqualTo(2);
        }

        shards.shard(1).start();
        awaitShardBack();
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
             ResultSet count = statement.executeQuery("select count(*) from t")) {
            count.next();
            assertThat(count.getInt(1)).isEqualTo(2);
        }
    }
}
