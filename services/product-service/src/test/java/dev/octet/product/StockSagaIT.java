package dev.octet.product;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.octet.shop.events.v1.OrderEvents;
import dev.octet.shop.events.v1.ShopEventsContract;
import dev.octet.shop.events.v1.StockEvents;
import dev.octet.testing.JsonShape;
import dev.octet.testing.JwtResource;
import dev.octet.testing.KafkaResource;
import dev.octet.testing.KafkaTestClient;
import dev.octet.testing.PostgresResource;
import dev.octet.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stock half of the order saga, driven by real CloudEvents on the real broker. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = JwtResource.class, restrictToAnnotatedClass = false)
class StockSagaIT {

    private static final Duration SAGA_TIMEOUT = Duration.ofSeconds(60);
    private static KafkaTestClient kafka;
    private static KafkaTestClient.Recorder stockEvents;
    private static KafkaTestClient.Recorder deadLetters;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
        stockEvents = kafka.record("products");
        deadLetters = kafka.record("orders.dlq.product-service");
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void twentyConcurrentOrdersForFiveUnitsReserveExactlyFive() throws Exception {
        String productId = createProduct(5);
        List<String> orderIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orderIds.add(UUID.randomUUID().toString());
        }
        ExecutorService senders = Executors.newFixedThreadPool(10);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (String orderId : orderIds) {
                sent.add(senders.submit(() -> placeOrder(orderId, productId, 1)));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            senders.shutdownNow();
        }

        await().atMost(SAGA_TIMEOUT).until(() -> orderIds.stream().allMatch(id -> !stockEvents.withKey(id).isEmpty()));
        long reserved = orderIds.stream().filter(id -> outcome(id).equals("dev.octet.stock.reserved")).count();
        long rejected = orderIds.stream().filter(id -> outcome(id).equals("dev.octet.stock.rejected")).count();
        assertThat(reserved).isEqualTo(5);
        assertThat(rejected).isEqualTo(15);
        assertThat(stock(productId)).isZero();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        String productId = createProduct(10);
        String orderId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String data = placedData(orderId, productId, 3);
        kafka.sendCloudEvent("orders", orderId, eventId, "dev.octet.order.placed", data);
        kafka.sendCloudEvent("orders", orderId, eventId, "dev.octet.order.placed", data);
        // Another order sent on the same key (so the same partition) is consumed after both copies.
        String laterOrder = UUID.randomUUID().toString();
        kafka.sendCloudEvent("orders", orderId, UUID.randomUUID().toString(), "dev.octet.order.placed",
                placedData(laterOrder, productId, 1));

        await().atMost(SAGA_TIMEOUT).until(() -> !stockEvents.withKey(laterOrder).isEmpty());
        assertThat(stockEvents.withKey(orderId)).extracting(KafkaTestClient.Received::type)
                .containsExactly("dev.octet.stock.reserved");
        assertThat(stock(productId)).isEqualTo(6);
    }

    @Test
    void cancellingAnOrderGivesItsStockBack() {
        String productId = createProduct(4);
        String orderId = UUID.randomUUID().toString();
        placeOrder(orderId, productId, 3);
        await().atMost(SAGA_TIMEOUT).until(() -> !stockEvents.withKey(orderId).isEmpty());
        assertThat(stock(productId)).isEqualTo(1);

        cancelOrder(orderId);
        await().atMost(SAGA_TIMEOUT).until(() -> stockEvents.withKey(orderId).size() == 2);
        assertThat(stockEvents.withKey(orderId).get(1).type()).isEqualTo("dev.octet.stock.released");
        assertThat(stock(productId)).isEqualTo(4);
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicAndLaterMessagesStillWork() {
        String productId = createProduct(2);
        String poisonKey = UUID.randomUUID().toString();
        kafka.send("orders", poisonKey, Map.of(), "this is not a cloud event");
        String badDataKey = UUID.randomUUID().toString();
        kafka.sendCloudEvent("orders", badDataKey, UUID.randomUUID().toString(), "dev.octet.order.placed", "{\"orderId\": 42");
        String missingFieldKey = UUID.randomUUID().toString();
        kafka.sendCloudEvent("orders", missingFieldKey, UUID.randomUUID().toString(), "dev.octet.order.placed", "{\"items\": []}");
        String goodOrder = UUID.randomUUID().toString();
        placeOrder(goodOrder, productId, 2);

        await().atMost(SAGA_TIMEOUT).until(() -> !deadLetters.withKey(poisonKey).isEmpty()
                && !deadLetters.withKey(badDataKey).isEmpty() && !deadLetters.withKey(missingFieldKey).isEmpty());
        await().atMost(SAGA_TIMEOUT).until(() -> !stockEvents.withKey(goodOrder).isEmpty());
        assertThat(outcome(goodOrder)).isEqualTo("dev.octet.stock.reserved");
        assertThat(deadLetters.withKey(poisonKey).get(0).value()).isEqualTo("this is not a cloud event");
        assertThat(stock(productId)).isZero();
    }

    @Test
    void everyStockEventPublishedHasTheShapeOfTheContract() {
        String productId = createProduct(3);
        String reserved = UUID.randomUUID().toString();
        placeOrder(reserved, productId, 2);
        String rejected = UUID.randomUUID().toString();
        placeOrder(rejected, productId, 5);
        await().atMost(SAGA_TIMEOUT).until(() -> !stockEvents.withKey(reserved).isEmpty());
        cancelOrder(reserved);

        await().atMost(SAGA_TIMEOUT).until(() -> stockEvents.withKey(reserved).size() == 2
                && !stockEvents.withKey(rejected).isEmpty());
        List<KafkaTestClient.Received> published = new ArrayList<>(stockEvents.withKey(reserved));
        published.addAll(stockEvents.withKey(rejected));
        assertThat(published).extracting(KafkaTestClient.Received::type)
                .containsExactly(StockEvents.RESERVED, StockEvents.RELEASED, StockEvents.REJECTED);
        for (KafkaTestClient.Received event : published) {
            JsonShape.assertSameShape(ShopEventsContract.example(event.type()), event.value());
        }
    }

    @Test
    void anOrderForAnUnknownProductIsRejected() {
        String orderId = UUID.randomUUID().toString();
        placeOrder(orderId, UUID.randomUUID().toString(), 1);
        await().atMost(SAGA_TIMEOUT).until(() -> !stockEvents.withKey(orderId).isEmpty());
        KafkaTestClient.Received rejection = stockEvents.withKey(orderId).get(0);
        assertThat(rejection.type()).isEqualTo("dev.octet.stock.rejected");
        assertThat(rejection.value()).contains("does not exist");
    }

    private static String outcome(String orderId) {
        return stockEvents.withKey(orderId).get(0).type();
    }

    private static void placeOrder(String orderId, String productId, int quantity) {
        kafka.sendCloudEvent("orders", orderId, UUID.randomUUID().toString(), "dev.octet.order.placed",
                placedData(orderId, productId, quantity));
    }

    private static void cancelOrder(String orderId) {
        kafka.sendCloudEvent(OrderEvents.TOPIC, orderId, UUID.randomUUID().toString(), OrderEvents.CANCELLED,
                ShopEventsContract.example(OrderEvents.CANCELLED, Map.of("orderId", orderId)));
    }

    /** order-service's OrderPlaced, as the contract's example with this order's ids. */
    private static String placedData(String orderId, String productId, int quantity) {
        return ShopEventsContract.example(OrderEvents.PLACED, Map.of("orderId", orderId, "customerId", UUID.randomUUID(),
                "items", List.of(Map.of("productId", productId, "quantity", quantity))));
    }

    private static String createProduct(int stock) {
        return given().header("Authorization", TestTokens.bearer(UUID.randomUUID())).contentType(ContentType.JSON)
                .body(CatalogIT.product(CatalogIT.uniqueSku(), "Saga item", "saga", "10.00", stock))
                .post("/products").then().statusCode(201).extract().path("id");
    }

    private static int stock(String productId) {
        return given().get("/products/" + productId).then().statusCode(200).extract().path("stock");
    }
}
