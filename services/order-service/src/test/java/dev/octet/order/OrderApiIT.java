package dev.octet.order;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.octet.testing.JwtResource;
import dev.octet.testing.KafkaResource;
import dev.octet.testing.KafkaTestClient;
import dev.octet.testing.PostgresResource;
import dev.octet.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = JwtResource.class, restrictToAnnotatedClass = false)
class OrderApiIT {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static KafkaTestClient kafka;
    private static KafkaTestClient.Recorder orderEvents;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
        orderEvents = kafka.record("orders");
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void placingAnOrderStoresItPendingAndAnnouncesIt() {
        UUID customer = UUID.randomUUID();
        UUID product = UUID.randomUUID();
        Response placed = place(customer, List.of(Map.of("productId", product, "quantity", 2)));
        placed.then().statusCode(201).body("status", equalTo("PENDING")).body("customerId", equalTo(customer.toString()))
                .body("items[0].quantity", equalTo(2)).body("total", nullValue());
        String orderId = placed.path("id");

        given().header("Authorization", TestTokens.bearer(customer)).get("/orders/" + orderId)
                .then().statusCode(200).body("id", equalTo(orderId)).body("items[0].productId", equalTo(product.toString()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !orderEvents.withKey(orderId).isEmpty());
        KafkaTestClient.Received event = orderEvents.withKey(orderId).get(0);
        assertThat(event.type()).isEqualTo("dev.octet.order.placed");
        assertThat(event.headers()).containsEntry("ce_source", "/octet/order-service").containsKey("ce_id");
        assertThat(event.value()).contains(product.toString()).contains(customer.toString());
    }

    @Test
    void invalidOrdersAreRefusedWithFieldErrorsAndNothingIsStored() {
        UUID customer = UUID.randomUUID();
        Map<String, Object> noProduct = Map.of("quantity", 1);
        Map<String, Object> zeroUnits = Map.of("productId", UUID.randomUUID(), "quantity", 0);
        place(customer, List.of(noProduct, zeroUnits)).then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("items[0].productId", "items[1].quantity"));
        place(customer, List.of()).then().statusCode(400).body("errors[0].field", equalTo("items"));
        given().header("Authorization", TestTokens.bearer(customer)).contentType(ContentType.JSON)
                .body("{\"items\": [{\"productId\": \"not-a-uuid\", \"quantity\": 1}]}").post("/orders")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://octet.dev/problems/malformed-body"));
        given().header("Authorization", TestTokens.bearer(customer)).get("/orders")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void everythingNeedsAToken() {
        given().contentType(ContentType.JSON).body(Map.of("items", List.of(Map.of("productId", UUID.randomUUID(), "quantity", 1))))
                .post("/orders").then().statusCode(401).contentType(PROBLEM_JSON);
        given().get("/orders").then().statusCode(401);
        given().header("Authorization", TestTokens.bearerSignedByStranger(UUID.randomUUID())).get("/orders")
                .then().statusCode(401);
    }

    @Test
    void customersSeeOnlyTheirOwnOrders() {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        String aliceOrder = place(alice, List.of(Map.of("productId", UUID.randomUUID(), "quantity", 1))).path("id");
        place(bob, List.of(Map.of("productId", UUID.randomUUID(), "quantity", 1))).then().statusCode(201);

        given().header("Authorization", TestTokens.bearer(bob)).get("/orders/" + aliceOrder)
                .then().statusCode(404).contentType(PROBLEM_JSON);
        given().header("Authorization", TestTokens.bearer(bob)).post("/orders/" + aliceOrder + "/cancel")
                .then().statusCode(404);
        given().header("Authorization", TestTokens.bearer(alice)).get("/orders")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(aliceOrder));
    }

    @Test
    void listsOrdersNewestFirstInPages() {
        UUID customer = UUID.randomUUID();
        String first = place(customer, List.of(Map.of("productId", UUID.randomUUID(), "quantity", 1))).path("id");
        String second = place(customer, List.of(Map.of("productId", UUID.randomUUID(), "quantity", 1))).path("id");
        String third = place(customer, List.of(Map.of("productId", UUID.randomUUID(), "quantity", 1))).path("id");
        given().header("Authorization", TestTokens.bearer(customer)).queryParam("size", 2).get("/orders")
                .then().statusCode(200).body("total", equalTo(3)).body("items.id", equalTo(List.of(third, second)));
        given().header("Authorization", TestTokens.bearer(customer)).queryParam("size", 2).queryParam("page", 1).get("/orders")
                .then().statusCode(200).body("items.id", equalTo(List.of(first)));
    }

    @Test
    void cancellingIsAnnouncedAndHappensOnce() {
        UUID customer = UUID.randomUUID();
        String orderId = place(customer, List.of(Map.of("productId", UUID.randomUUID(), "quantity", 3))).path("id");
        given().header("Authorization", TestTokens.bearer(customer)).post("/orders/" + orderId + "/cancel")
                .then().statusCode(200).body("status", equalTo("CANCELLED"));
        given().header("Authorization", TestTokens.bearer(customer)).post("/orders/" + orderId + "/cancel")
                .then().statusCode(409).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://octet.dev/problems/order-final"));
        await().atMost(Duration.ofSeconds(30)).until(() -> orderEvents.withKey(orderId).size() == 2);
        assertThat(orderEvents.withKey(orderId)).extracting(KafkaTestClient.Received::type)
                .containsExactly("dev.octet.order.placed", "dev.octet.order.cancelled");
    }

    static Response place(UUID customer, List<Map<String, Object>> items) {
        return given().header("Authorization", TestTokens.bearer(customer)).contentType(ContentType.JSON)
                .body(Map.of("items", items)).post("/orders");
    }
}
