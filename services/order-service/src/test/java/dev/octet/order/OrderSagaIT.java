package dev.octet.order;

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
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The order side of the saga, answered with the stock events product-service would send. (The two
 * services together are exercised end to end in tests/system.)
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = JwtResource.class, restrictToAnnotatedClass = false)
class OrderSagaIT {

    private static final Duration SAGA_TIMEOUT = Duration.ofSeconds(60);
    private static KafkaTestClient kafka;
    private static KafkaTestClient.Recorder deadLetters;
    private static KafkaTestClient.Recorder orderEvents;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
        deadLetters = kafka.record("products.dlq.order-service");
        orderEvents = kafka.record("orders");
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void reservedStockConfirmsTheOrderWithItsPrices() {
        UUID customer = UUID.randomUUID();
        UUID product = UUID.randomUUID();
        String orderId = OrderApiIT.place(customer, List.of(Map.of("productId", product, "quantity", 2))).path("id");
        reserved(orderId, customer, product, 2, "12.50", "25.00", UUID.randomUUID().toString());

        awaitStatus(customer, orderId, "CONFIRMED");
        given().header("Authorization", TestTokens.bearer(customer)).get("/orders/" + orderId).then()
                .body("total", org.hamcrest.Matchers.equalTo(25.00f))
                .body("items[0].unitPrice", org.hamcrest.Matchers.equalTo(12.50f));
        await().atMost(SAGA_TIMEOUT).until(() -> orderEvents.withKey(orderId).stream()
                .anyMatch(e -> "dev.octet.order.confirmed".equals(e.type())));
    }

    @Test
    void everyOrderEventPublishedHasTheShapeOfTheContract() {
        UUID customer = UUID.randomUUID();
        UUID product = UUID.randomUUID();
        String confirmed = OrderApiIT.place(customer, List.of(Map.of("productId", product, "quantity", 2))).path("id");
        reserved(confirmed, customer, product, 2, "1.25", "2.50", UUID.randomUUID().toString());
        String rejected = OrderApiIT.place(customer, List.of(Map.of("productId", product, "quantity", 1))).path("id");
        rejected(rejected, rejected, customer, "none left");
        String cancelled = OrderApiIT.place(customer, List.of(Map.of("productId", product, "quantity", 1))).path("id");
        given().header("Authorization", TestTokens.bearer(customer)).post("/orders/" + cancelled + "/cancel")
                .then().statusCode(200);

        await().atMost(SAGA_TIMEOUT).until(() -> orderEvents.withKey(confirmed).size() == 2
                && orderEvents.withKey(rejected).size() == 2 && orderEvents.withKey(cancelled).size() == 2);
        List<KafkaTestClient.Received> published = new ArrayList<>();
        for (String orderId : List.of(confirmed, rejected, cancelled)) {
            published.addAll(orderEvents.withKey(orderId));
        }
        assertThat(published).extracting(KafkaTestClient.Received::type).containsOnly(OrderEvents.PLACED,
                OrderEvents.CONFIRMED, OrderEvents.REJECTED, OrderEvents.CANCELLED).contains(OrderEvents.PLACED,
                OrderEvents.CONFIRMED, OrderEvents.REJECTED, OrderEvents.CANCELLED);
        for (KafkaTestClient.Received event : published) {
            JsonShape.assertSameShape(ShopEventsContract.example(event.type()), event.value());
        }
    }

    @Test
    void refusedStockRejectsTheOrderWithTheReason() {
        UUID customer = UUID.randomUUID();
        String orderId = OrderApiIT.place(customer, List.of(Map.of("productId", UUID.randomUUID(), "quantity", 9))).path("id");
        rejected(orderId, orderId, customer, "Only 1 left");
        awaitStatus(customer, orderId, "REJECTED");
        given().header("Authorization", TestTokens.bearer(customer)).get("/orders/" + orderId).then()
                .body("rejectionReason", org.hamcrest.Matchers.equalTo("Only 1 left"));
        given().header("Authorization", TestTokens.bearer(customer)).post("/orders/" + orderId + "/cancel")
                .then().statusCode(409);
    }

    @Test
    void aDuplicateAnswerAndALateAnswerChangeNothing() {
        UUID customer = UUID.randomUUID();
        UUID product = UUID.randomUUID();
        String orderId = OrderApiIT.place(customer, List.of(Map.of("productId", product, "quantity", 1))).path("id");
        String answerId = UUID.randomUUID().toString();
        reserved(orderId, customer, product, 1, "3.00", "3.00", answerId);
        awaitStatus(customer, orderId, "CONFIRMED");
        reserved(orderId, customer, product, 1, "3.00", "3.00", answerId);
        // A contradicting late answer (a new event id) for a decided order is ignored too.
        rejected(orderId, orderId, customer, "late");
        String marker = OrderApiIT.place(customer, List.of(Map.of("productId", product, "quantity", 1))).path("id");
        rejected(orderId, marker, customer, "marker");

        awaitStatus(customer, marker, "REJECTED");
        assertThat(status(customer, orderId)).isEqualTo("CONFIRMED");
        await().atMost(SAGA_TIMEOUT).until(() -> !orderEvents.withKey(marker).isEmpty());
        assertThat(orderEvents.withKey(orderId)).extracting(KafkaTestClient.Received::type)
                .containsExactly("dev.octet.order.placed", "dev.octet.order.confirmed");
    }

    @Test
    void aCancelledPendingOrderStaysCancelledWhenStockArrives() {
        UUID customer = UUID.randomUUID();
        UUID product = UUID.randomUUID();
        String orderId = OrderApiIT.place(customer, List.of(Map.of("productId", product, "quantity", 1))).path("id");
        given().header("Authorization", TestTokens.bearer(customer)).post("/orders/" + orderId + "/cancel")
                .then().statusCode(200);
        reserved(orderId, customer, product, 1, "1.00", "1.00", UUID.randomUUID().toString());
        String marker = OrderApiIT.place(customer, List.of(Map.of("productId", product, "quantity", 1))).path("id");
        reserved(marker, customer, product, 1, "1.00", "1.00", UUID.randomUUID().toString(), orderId);
        awaitStatus(customer, marker, "CONFIRMED");
        assertThat(status(customer, orderId)).isEqualTo("CANCELLED");
    }

    @Test
    void poisonAnswersAreDeadLetteredAndTheNextOneIsApplied() {
        UUID customer = UUID.randomUUID();
        UUID product = UUID.randomUUID();
        String orderId = OrderApiIT.place(customer, List.of(Map.of("productId", product, "quantity", 1))).path("id");
        kafka.send("products", orderId, Map.of("ce_id", "x"), "no type, not json");
        kafka.sendCloudEvent("products", orderId, UUID.randomUUID().toString(), "dev.octet.stock.reserved", "[1, 2");
        reserved(orderId, customer, product, 1, "2.00", "2.00", UUID.randomUUID().toString());

        awaitStatus(customer, orderId, "CONFIRMED");
        await().atMost(SAGA_TIMEOUT).until(() -> deadLetters.withKey(orderId).size() == 2);
    }

    static void reserved(String orderId, UUID customer, UUID product, int quantity, String price, String total,
                         String eventId) {
        reserved(orderId, customer, product, quantity, price, total, eventId, orderId);
    }

    private static void reserved(String orderId, UUID customer, UUID product, int quantity, String price, String total,
                                 String eventId, String kafkaKey) {
        kafka.sendCloudEvent(StockEvents.TOPIC, kafkaKey, eventId, StockEvents.RESERVED,
                ShopEventsContract.example(StockEvents.RESERVED, Map.of("orderId", orderId, "customerId", customer,
                        "lines", List.of(Map.of("productId", product, "quantity", quantity, "unitPrice", new BigDecimal(price))),
                        "total", new BigDecimal(total))));
    }

    /** product-service's refusal, as the contract's example with this order's ids. */
    private static void rejected(String kafkaKey, String orderId, UUID customer, String reason) {
        kafka.sendCloudEvent(StockEvents.TOPIC, kafkaKey, UUID.randomUUID().toString(), StockEvents.REJECTED,
                ShopEventsContract.example(StockEvents.REJECTED, Map.of("orderId", orderId, "customerId", customer,
                        "reason", reason)));
    }

    static void awaitStatus(UUID customer, String orderId, String status) {
        await().atMost(SAGA_TIMEOUT).until(() -> status.equals(status(customer, orderId)));
    }

    private static String status(UUID customer, String orderId) {
        return given().header("Authorization", TestTokens.bearer(customer)).get("/orders/" + orderId)
                .then().statusCode(200).extract().path("status");
    }
}
