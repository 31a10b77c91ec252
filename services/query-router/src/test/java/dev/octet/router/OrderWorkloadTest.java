package dev.octet.router;

import static dev.octet.router.ClientCompatibilityTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.router.sharding.KeyType;
import dev.octet.router.sharding.PartitionDirectory;
import dev.octet.router.support.TestRouter;
import dev.octet.router.support.TestShards;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The order-service's own schema and statement shapes through the router, exactly as it sends them
 * to a plain PostgreSQL: Flyway (over JDBC) runs its real migrations, then the Vert.x reactive
 * client (what Hibernate Reactive uses) places orders, reads and updates them, relays the outbox and
 * records processed events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderWorkloadTest {

    /** The router configuration the order-service needs (application.properties keys in the README). */
    static final String SHARDED = "orders:customer_id,order_line:customer_id";
    static final String SHARD_LOCAL = "outbox,processed_event";

    private static final String INSERT_ORDER = "insert into orders (created_at,rejection_reason,status,total,updated_at,"
            + "version,customer_id,id) values ($1,$2,$3,$4,$5,$6,$7,$8)";
    private static final String INSERT_LINE = "insert into order_line (product_id,quantity,unit_price,customer_id,"
            + "line_no,order_id) values ($1,$2,$3,$4,$5,$6)";
    private static final String INSERT_OUTBOX = "insert into outbox (created_at,data,event_key,source,subject,topic,"
            + "traceparent,type,id) values ($1,$2,$3,$4,$5,$6,$7,$8,$9) returning position";
    private static final String FIND_ORDER = "select co1_0.customer_id,co1_0.id,co1_0.created_at,co1_0.rejection_reason,"
            + "co1_0.status,co1_0.total,co1_0.updated_at,co1_0.version from orders co1_0 where (co1_0.customer_id,co1_0.id)"
            + "=($1,$2)";
    private static final String UPDATE_ORDER = "update orders set rejection_reason=$1,status=$2,total=$3,updated_at=$4,"
            + "version=$5 where customer_id=$6 and id=$7 and version=$8";
    private static final String PAGE = "select co1_0.customer_id,co1_0.id,co1_0.created_at,co1_0.status from orders co1_0 "
            + "where co1_0.customer_id=$1 order by co1_0.created_at desc,co1_0.id offset $2 rows fetch first $3 rows only";
    private static final String COUNT = "select count(*) from orders co1_0 where co1_0.customer_id=$1";
    private static final String LINES = "select ol1_0.customer_id,ol1_0.order_id,ol1_0.line_no,ol1_0.quantity from "
            + "order_line ol1_0 where ol1_0.customer_id=$1 and ol1_0.order_id in ($2,$3) order by ol1_0.order_id,"
            + "ol1_0.line_no";
    private static final String NEXT_BATCH = "select * from outbox order by position limit $1 for update skip locked";
    private static final String REMEMBER = "insert into processed_event (consumer, event_id) values ($1, $2) "
            + "on conflict do nothing";

    private TestShards shards;
    private String database;
    private TestRouter router;
    private Vertx vertx;
    private Pool pool;

    @BeforeAll
    void start() {
        shards = TestShards.shared();
        database = shards.createDatabase("orders");
        router = TestRouter.start(TestRouter.builder(shards.shardSpecs(database), SHARDED)
                .shardLocalTables(SHARD_LOCAL));
        Path services = Path.of("..").toAbsolutePath().normalize();
        Flyway.configure()
                .dataSource(router.jdbcUrl(), TestRouter.USER, TestRouter.PASSWORD)
                .locations("filesystem:" + services.resolve("order-service/src/main/resources/db/migration"),
                        "filesystem:" + services.resolve("platform/events/src/main/resources/db/platform"))
                .load()
                .migrate();
        vertx = Vertx.vertx();
        pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(6))
                .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(router.port())
                        .setDatabase(TestRouter.DATABASE).setUser(TestRouter.USER).setPassword(TestRouter.PASSWORD)
                        .setCachePreparedStatements(true))
                .using(vertx).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (pool != null) {
            await(pool.close());
            await(vertx.close());
        }
        router.close();
    }

    @Test
    void flywayMigratedEveryShardThroughTheRouter() throws Exception {
        for (int shard = 0; shard < shards.count(); shard++) {
            try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement();
                 ResultSet history = statement.executeQuery(
                         "select count(*) from flyway_schema_history where success")) {
                history.next();
                assertThat(history.getInt(1)).as("migrations applied on shard " + shard).isEqualTo(2);
            }
        }
        // Running it again finds nothing to do: the history reads back through the router.
        var second = Flyway.configure().dataSource(router.jdbcUrl(), TestRouter.USER, TestRouter.PASSWORD)
                .locations("filesystem:" + Path.of("../order-service/src/main/resources/db/migration").toAbsolutePath(),
                        "filesystem:" + Path.of("../platform/events/src/main/resources/db/platform").toAbsolutePath())
                .load().migrate();
        assertThat(second.migrationsExecuted).isZero();
    }

    @Test
    void ordersLiveOnTheirCustomersShardWithTheirOutboxEvents() throws Exception {
        List<UUID[]> placed = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            UUID customer = UUID.randomUUID();
            UUID order = UUID.randomUUID();
            placeOrder(customer, order);
            placed.add(new UUID[] {customer, order});
        }
        PartitionDirectory directory = router.router().database().directory();
        Set<Integer> shardsUsed = new HashSet<>();
        for (UUID[] ids : placed) {
            int expected = directory.shardOf(directory.partitionOf(KeyType.UUID_TYPE.hashText(ids[0].toString())));
            shardsUsed.add(expected);
            for (int shard = 0; shard < shards.count(); shard++) {
                try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement();
                     ResultSet rows = statement.executeQuery("select (select count(*) from orders where id = '" + ids[1]
                             + "'), (select count(*) from order_line where order_id = '" + ids[1] + "'), "
                             + "(select count(*) from outbox where event_key = '" + ids[1] + "')")) {
                    rows.next();
                    int here = shard == expected ? 1 : 0;
                    assertThat(rows.getInt(1)).as("order on shard " + shard).isEqualTo(here);
                    assertThat(rows.getInt(2)).as("lines on shard " + shard).isEqualTo(2 * here);
                    assertThat(rows.getInt(3)).as("outbox event on shard " + shard).isEqualTo(here);
                }
            }
        }
        assertThat(shardsUsed).hasSizeGreaterThan(1);

        UUID[] first = placed.get(0);
        Row order = await(pool.preparedQuery(FIND_ORDER).execute(Tuple.of(first[0], first[1]))).iterator().next();
        assertThat(order.getString("status")).isEqualTo("PENDING");
        int version = order.getInteger("version");
        RowSet<Row> updated = await(pool.preparedQuery(UPDATE_ORDER).execute(Tuple.tuple()
                .addString(null).addString("CONFIRMED").addBigDecimal(new BigDecimal("19.98"))
                .addOffsetDateTime(OffsetDateTime.now(ZoneOffset.UTC)).addInteger(version + 1)
                .addUUID(first[0]).addUUID(first[1]).addInteger(version)));
        assertThat(updated.rowCount()).isEqualTo(1);
        RowSet<Row> stale = await(pool.preparedQuery(UPDATE_ORDER).execute(Tuple.tuple()
                .addString(null).addString("CANCELLED").addBigDecimal(null)
                .addOffsetDateTime(OffsetDateTime.now(ZoneOffset.UTC)).addInteger(version + 1)
                .addUUID(first[0]).addUUID(first[1]).addInteger(version)));
        assertThat(stale.rowCount()).as("an update with a stale version changes nothing").isZero();

        UUID second = UUID.randomUUID();
        placeOrder(first[0], second);
        RowSet<Row> page = await(pool.preparedQuery(PAGE).execute(Tuple.of(first[0], 0, 10)));
        assertThat(page.rowCount()).isEqualTo(2);
        assertThat(await(pool.preparedQuery(COUNT).execute(Tuple.of(first[0]))).iterator().next().getLong(0))
                .isEqualTo(2);
        RowSet<Row> lines = await(pool.preparedQuery(LINES).execute(Tuple.of(first[0], first[1], second)));
        assertThat(lines.rowCount()).isEqualTo(4);
    }

    @Test
    void theOutboxRelaySeesEveryEventOnceAndProcessedEventsAreRememberedOnce() throws Exception {
        Set<UUID> expected = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            UUID order = UUID.randomUUID();
            placeOrder(UUID.randomUUID(), order);
            expected.add(order);
        }
        Set<String> relayed = new HashSet<>();
        for (int batch = 0; batch < 100; batch++) {
            List<String> ids = await(pool.withTransaction(connection -> relayBatch(connection, 5)));
            if (ids.isEmpty()) {
                break;
            }
            for (String id : ids) {
                assertThat(relayed.add(id)).as("event relayed twice: " + id).isTrue();
            }
        }
        long remaining = await(pool.query("select count(*) from outbox").execute()).iterator().next().getLong(0);
        assertThat(remaining).isZero();
        assertThat(relayed).hasSizeGreaterThanOrEqualTo(expected.size());

        String eventId = UUID.randomUUID().toString();
        UUID customer = UUID.randomUUID();
        UUID order = UUID.randomUUID();
        placeOrder(customer, order);
        // The consumer's unit of work: change the order, then remember the event, in one transaction: the
        // record lands on the order's shard, where a redelivered copy (which changes the same order) meets it.
        int applied = await(pool.withTransaction(connection -> consume(connection, eventId, customer, order)));
        assertThat(applied).as("the first delivery is applied").isEqualTo(1);
        assertThatThrownBy(() -> await(pool.withTransaction(connection -> consume(connection, eventId, customer, order))))
                .as("a redelivered event is recognised, and its transaction rolled back").hasMessageContaining(
                        "already applied");
        Row status = await(pool.preparedQuery(FIND_ORDER).execute(Tuple.of(customer, order))).iterator().next();
        assertThat(status.getString("status")).isEqualTo("RESERVED");
        assertThat(status.getInteger("version")).as("applied once").isEqualTo(1);
        PartitionDirectory directory = router.router().database().directory();
        int orderShard = directory.shardOf(directory.partitionOf(KeyType.UUID_TYPE.hashText(customer.toString())));
        try (Connection direct = shards.connectShard(orderShard, database); Statement statement = direct.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from processed_event where event_id = '"
                     + eventId + "'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("the record beside the order it guards").isOne();
        }
    }

    /** One delivery: the handler's change, then the record; a copy fails, so that its transaction rolls back. */
    private io.vertx.core.Future<Integer> consume(SqlConnection connection, String eventId, UUID customer, UUID order) {
        return connection.preparedQuery("update orders set status=$1, version=version+1 where customer_id=$2 and id=$3")
                .execute(Tuple.of("RESERVED", customer, order))
                .compose(changed -> connection.preparedQuery(REMEMBER).execute(Tuple.of("saga", eventId)))
                .compose(remembered -> remembered.rowCount() == 1 ? io.vertx.core.Future.succeededFuture(1)
                        : io.vertx.core.Future.failedFuture(new IllegalStateException("event " + eventId
                        + " already applied")));
    }

    private io.vertx.core.Future<List<String>> relayBatch(SqlConnection connection, int size) {
        return connection.preparedQuery(NEXT_BATCH).execute(Tuple.of(size)).compose(rows -> {
            List<String> ids = new ArrayList<>();
            rows.forEach(row -> ids.add(row.getUUID("id").toString()));
            if (ids.isEmpty()) {
                return io.vertx.core.Future.succeededFuture(ids);
            }
            StringBuilder in = new StringBuilder();
            Tuple parameters = Tuple.tuple();
            for (int i = 0; i < ids.size(); i++) {
                in.append(i == 0 ? "" : ",").append('$').append(i + 1);
                parameters.addUUID(UUID.fromString(ids.get(i)));
            }
            return connection.preparedQuery("delete from outbox where id in (" + in + ")").execute(parameters)
                    .map(deleted -> {
                        assertThat(deleted.rowCount()).isEqualTo(ids.size());
                        return ids;
                    });
        });
    }

    private void placeOrder(UUID customer, UUID order) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        await(pool.withTransaction(connection -> connection.preparedQuery(INSERT_ORDER).execute(Tuple.tuple()
                        .addOffsetDateTime(now).addString(null).addString("PENDING").addBigDecimal(null)
                        .addOffsetDateTime(now).addInteger(0).addUUID(customer).addUUID(order))
                .compose(ignored -> connection.preparedQuery(INSERT_LINE).executeBatch(List.of(
                        Tuple.of(UUID.randomUUID(), 1, null, customer, 1, order),
                        Tuple.of(UUID.randomUUID(), 2, null, customer, 2, order))))
                .compose(ignored -> connection.preparedQuery(INSERT_OUTBOX).execute(Tuple.tuple()
                        .addOffsetDateTime(now).addString("{\"orderId\":\"" + order + "\"}").addString(order.toString())
                        .addString("/octet/order-service").addString(order.toString()).addString("orders")
                        .addString(null).addString("OrderPlaced").addUUID(UUID.randomUUID())))));
    }
}
