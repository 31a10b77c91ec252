package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.router.sharding.KeyType;
import dev.octet.router.sharding.PartitionDirectory;
import dev.octet.router.support.TestRouter;
import dev.octet.router.support.TestShards;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A shard that is down: statements that need it get a clear 08006 at once; everything else is still
 * served, new clients can still log in, and the shard is used again once it is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardDownTest {

    private TestShards shards;
    private TestRouter router;
    private int onHealthyShard;
    private int onDeadShard;

    @BeforeAll
    void start() throws Exception {
        shards = TestShards.start(2, false);
        String database = shards.createDatabase("down");
        router = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), "t:k")
                .connectTimeout(Duration.ofSeconds(1)));
        PartitionDirectory directory = router.router().database().directory();
        onHealthyShard = -1;
        onDeadShard = -1;
        for (int k = 1; onHealthyShard < 0 || onDeadShard < 0; k++) {
            int shard = directory.shardOf(directory.partitionOf(KeyType.INTEGER.hashText(Integer.toString(k))));
            if (shard == 0 && onHealthyShard < 0) {
                onHealthyShard = k;
            } else if (shard == 1 && onDeadShard < 0) {
                onDeadShard = k;
            }
        }
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement()) {
            statement.execute("create table t (k int primary key, v text)");
            statement.execute("create table colours (name text primary key)");
            statement.execute("insert into colours values ('red'), ('green')");
            statement.execute("insert into t values (" + onHealthyShard + ", 'alive'), (" + onDeadShard + ", 'later')");
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
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
                 ResultSet back = statement.executeQuery("select v from t where k = " + onDeadShard)) {
                return back.next() && back.getString(1).equals("later");
            }
        });
        try (Connection jdbc = router.connect(); Statement statement = jdbc.createStatement();
             ResultSet count = statement.executeQuery("select count(*) from t")) {
            count.next();
            assertThat(count.getInt(1)).isEqualTo(2);
        }
    }
}
