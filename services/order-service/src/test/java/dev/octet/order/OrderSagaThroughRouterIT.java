package dev.octet.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.octet.router.sharding.KeyType;
import dev.octet.router.sharding.PartitionDirectory;
import dev.octet.testing.TestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every scenario of the saga, with the order-service's real code (Flyway migrations, Hibernate
 * Reactive repositories, the outbox relay, the idempotent consumer) on the query router over four
 * shards, as the devstack runs it. Then where the rows went: an order, its lines and the record of
 * the events that changed it all live on the customer's shard.
 */
@QuarkusTest
@TestProfile(ThroughQueryRouter.class)
class OrderSagaThroughRouterIT extends OrderSagaIT {

    @Test
    void anOrderAndTheRecordOfItsEventsLiveOnTheCustomersShard() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID product = UUID.randomUUID();
        String orderId = OrderApiIT.place(customer, List.of(Map.of("productId", product, "quantity", 1))).path("id");
        String eventId = UUID.randomUUID().toString();
        reserved(orderId, customer, product, 1, "4.00", "4.00", eventId);
        awaitStatus(customer, orderId, "CONFIRMED");

        PartitionDirectory directory = QueryRouterResource.router().database().directory();
        int home = directory.shardOf(directory.partitionOf(KeyType.UUID_TYPE.hashText(customer.toString())));
        for (int shard = 0; shard < QueryRouterResource.SHARDS; shard++) {
            int expected = shard == home ? 1 : 0;
            assertThat(count(shard, "select count(*) from orders where id = '" + orderId + "'"))
                    .as("the order on shard %d", shard).isEqualTo(expected);
            assertThat(count(shard, "select count(*) from order_line where order_id = '" + orderId + "'"))
                    .as("its line on shard %d", shard).isEqualTo(expected);
            assertThat(count(shard, "select count(*) from processed_event where event_id = '" + eventId + "'"))
                    .as("the record of the stock answer on shard %d", shard).isEqualTo(expected);
        }
        // The relay published and deleted the order's events on its shard: no outbox row is left anywhere.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            int left = 0;
            for (int shard = 0; shard < QueryRouterResource.SHARDS; shard++) {
                left += count(shard, "select count(*) from outbox where event_key = '" + orderId + "'");
            }
            return left == 0;
        });
    }

    private static int count(int shard, String sql) throws SQLException {
        try (Connection direct = TestInfrastructure.postgres().connect(QueryRouterResource.shardDatabase(shard));
             Statement statement = direct.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
