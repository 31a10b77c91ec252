package dev.octet.router.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.octet.router.runtime.RouterRuntime;
import dev.octet.router.sharding.KeyType;
import dev.octet.router.sharding.PartitionDirectory;
import dev.octet.router.support.ShardsResource;
import dev.octet.router.support.TestRouter;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged application: health, metrics, the admin API, and an online partition move while
 * clients keep writing through the PostgreSQL endpoint: no row lost, none duplicated.
 */
@QuarkusTest
@QuarkusTestResource(value = ShardsResource.class, restrictToAnnotatedClass = true)
class AdminApiIT {

    private static final int ACCOUNTS = 400;

    @Inject
    RouterRuntime runtime;

    @BeforeAll
    static void asTheOperator() {
        RestAssured.authentication = RestAssured.preemptive().basic("operator",
                ConfigProvider.getConfig().getValue("octet.operator.password", String.class));
    }

    @AfterAll
    static void asNobody() {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
    }

    @Test
    void withoutTheOperatorsCredentialsTheAdminApiShowsAndChangesNothing() {
        PartitionDirectory directory = runtime.router().database().directory();
        int source = directory.shardOf(3);
        String move = "{\"shard\": " + (source + 1) % 4 + "}";

        given().auth().none().contentType("application/json").body(move).post("/admin/partitions/3/move")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Basic ")).body("detail", containsString("No credentials"));
        given().auth().preemptive().basic("operator", "not-the-password").contentType("application/json").body(move)
                .post("/admin/partitions/3/move").then().statusCode(401).body("detail", containsString("wrong"));
        given().auth().preemptive().basic("octet", ConfigProvider.getConfig().getValue("octet.operator.password", String.class))
                .get("/admin/shards").then().statusCode(401);
        given().auth().oauth2("a-bearer-token").post("/admin/recovery").then().statusCode(401)
                .body("detail", containsString("not HTTP Basic"));
        given().auth().none().get("/admin/queries").then().statusCode(401);
        given().auth().none().delete("/admin/queries").then().statusCode(401);

        assertThat(directory.shardOf(3)).as("the partition stayed where it was").isEqualTo(source);
        given().auth().none().get("/q/health/ready").then().statusCode(200);
    }

    @BeforeEach
    void schema() throws SQLException {
        try (Connection jdbc = connect(); Statement statement = jdbc.createStatement()) {
            statement.execute("create table if not exists accounts (id int primary key, balance int not null)");
            statement.execute("create table if not exists ledger (id int, seq int, delta int not null, "
                    + "primary key (id, seq))");
            statement.execute("truncate accounts, ledger");
            StringBuilder insert = new StringBuilder("insert into accounts values ");
            for (int id = 1; id <= ACCOUNTS; id++) {
                insert.append(id == 1 ? "" : ", ").append('(').append(id).append(", 0)");
            }
            statement.execute(insert.toString());
        }
    }

    @Test
    void healthMetricsAndTheShardMap() throws SQLException {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("octet_router_shard_up{shard=\"3\"} 1.0"))
                .body(containsString("octet_router_deadlocks_broken_total"))
                .body(containsString("octet_router_two_phase_commits_total"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/admin/partitions"));
        given().get("/admin/shards").then().statusCode(200).body("$", hasSize(4))
                .body("healthy", everyItem(equalTo(true)));
        given().get("/admin/partitions").then().statusCode(200).body("virtualPartitions", equalTo(64));
        given().get("/admin/tables").then().statusCode(200).body("table", hasItems("accounts", "ledger"));
        try (Connection jdbc = connect(); PreparedStatement find = jdbc.prepareStatement(
                "select balance from accounts where id = ?")) {
            for (int id = 1; id <= 5; id++) {
                find.setInt(1, id);
                find.executeQuery().close();
            }
        }
        given().get("/admin/queries").then().statusCode(200)
                .body("find { it.shape == 'select balance from accounts where id = $1' }.count", equalTo(5));
        PartitionDirectory directory = runtime.router().database().directory();
        int partitionOf7 = directory.partitionOf(KeyType.INTEGER.hashText("7"));
        given().get("/admin/tables/accounts/keys/7").then().statusCode(200)
                .body("partition", equalTo(partitionOf7)).body("shard", equalTo(directory.shardOf(partitionOf7)));
        given().get("/admin/tables/accounts/keys/seven").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("seven"));
        given().get("/admin/tables/no_such_table/keys/7").then().statusCode(404)
                .contentType("application/problem+json");
        given().contentType("application/json").body("{\"shard\": 9}").post("/admin/partitions/1/move")
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{\"shard\": 1}").post("/admin/partitions/640/move")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aPartitionMovesOnlineWithoutLosingOrDuplicatingRows() throws Exception {
        PartitionDirectory directory = runtime.router().database().directory();
        int partition = directory.partitionOf(KeyType.INTEGER.hashText("1"));
        int source = directory.shardOf(partition);
        int target = (source + 1) % 4;
        List<Integer> inPartition = new ArrayList<>();
        for (int id = 1; id <= ACCOUNTS; id++) {
            if (directory.partitionOf(KeyType.INTEGER.hashText(Integer.toString(id))) == partition) {
                inPartition.add(id);
            }
        }
        assertThat(inPartition).isNotEmpty();

        Map<Integer, AtomicInteger> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean moving = new AtomicBoolean(true);
        AtomicInteger newIds = new AtomicInteger(10_000);
        List<Integer> inserted = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int seed = w;
            writers.add(load.submit(() -> write(seed, inPartition, acknowledged, inserted, newIds, moving)));
        }
        var report = given().contentType("application/json").body("{\"shard\": " + target + "}")
                .post("/admin/partitions/" + partition + "/move").then().statusCode(200).extract().jsonPath();
        // Keep writing a little after the cut-over, then stop (every loop is bounded anyway).
        for (Future<Integer> writer : writers) {
            moving.set(false);
            assertThat(writer.get(120, TimeUnit.SECONDS)).isPositive();
        }
        load.shutdown();
        assertThat(report.getInt("targetShard")).isEqualTo(target);
        assertThat(report.getLong("rowsCopied")).isGreaterThanOrEqualTo(inPartition.size());
        assertThat(directory.shardOf(partition)).isEqualTo(target);
        given().get("/admin/partitions").then().body("shardOfPartition[" + partition + "]", equalTo(target));

        try (Connection jdbc = connect(); Statement statement = jdbc.createStatement()) {
            try (ResultSet rows = statement.executeQuery("select id, balance from accounts")) {
                int count = 0;
                while (rows.next()) {
                    count++;
                    AtomicInteger expected = acknowledged.get(rows.getInt(1));
                    assertThat(rows.getInt(2)).as("balance of account " + rows.getInt(1))
                            .isEqualTo(expected == null ? 0 : expected.get());
                }
                assertThat(count).as("accounts, none lost or duplicated").isEqualTo(ACCOUNTS + inserted.size());
            }
            for (Map.Entry<Integer, AtomicInteger> entry : acknowledged.entrySet()) {
                try (ResultSet ledger = statement.executeQuery("select count(*) from ledger where id = " + entry.getKey())) {
                    ledger.next();
                    assertThat(ledger.getInt(1)).as("ledger of " + entry.getKey()).isEqualTo(entry.getValue().get());
                }
            }
        }
        // The moved rows live on the target only.
        for (int shard = 0; shard < 4; shard++) {
            try (Connection direct = DriverManager.getConnection(
                    runtime.router().database().shards().pool(shard).address().jdbcUrl(), TestRouter.USER,
                    TestRouter.PASSWORD);
                 Statement statement = direct.createStatement();
                 ResultSet rows = statement.executeQuery("select count(*) from accounts where id = " + inPartition.get(0))) {
                rows.next();
                assertThat(rows.getInt(1)).as("account " + inPartition.get(0) + " on shard " + shard)
                        .isEqualTo(shard == target ? 1 : 0);
            }
        }
    }

    private Integer write(int seed, List<Integer> inPartition, Map<Integer, AtomicInteger> acknowledged,
                          List<Integer> inserted, AtomicInteger newIds, AtomicBoolean moving) throws SQLException {
        Random random = new Random(seed);
        int done = 0;
        int after = 0;
        try (Connection jdbc = connect()) {
            jdbc.setAutoCommit(false);
            try (PreparedStatement credit = jdbc.prepareStatement("update accounts set balance = balance + 1 where id = ?");
                 PreparedStatement ledger = jdbc.prepareStatement("insert into ledger (id, seq, delta) values (?, "
                         + "(select coalesce(max(seq), 0) + 1 from ledger where id = ?), 1)");
                 PreparedStatement open = jdbc.prepareStatement("insert into accounts values (?, 0)")) {
                for (int op = 0; op < 5_000 && after < 50; op++) {
                    if (!moving.get()) {
                        after++;
                    }
                    if (op % 10 == 9) {
                        int id = newIds.incrementAndGet();
                        open.setInt(1, id);
                        open.executeUpdate();
                        jdbc.commit();
                        inserted.add(id);
                        continue;
                    }
                    int id = random.nextBoolean() ? inPartition.get(random.nextInt(inPartition.size()))
                            : 1 + random.nextInt(ACCOUNTS);
                    credit.setInt(1, id);
                    credit.executeUpdate();
                    ledger.setInt(1, id);
                    ledger.setInt(2, id);
                    ledger.executeUpdate();
                    jdbc.commit();
                    acknowledged.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
                    done++;
                }
            }
        }
        return done;
    }

    private static Connection connect() throws SQLException {
        int port = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("octet.router.port", Integer.class);
        Properties properties = new Properties();
        properties.setProperty("user", TestRouter.USER);
        properties.setProperty("password", TestRouter.PASSWORD);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + TestRouter.DATABASE, properties);
    }
}
