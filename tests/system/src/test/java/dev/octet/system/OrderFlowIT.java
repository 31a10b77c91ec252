package dev.octet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The microservices type end to end: users, catalog, orders and the stock saga, through the gateway. */
class OrderFlowIT {

    private static final Duration SAGA = Duration.ofMinutes(2);
    private final Shop shop = new Shop(Deployment.get().gatewayUrl());

    @Test
    void aCustomerOrdersAndTheOrderIsConfirmedThenCancelled() {
        String token = shop.newCustomer();
        String kettle = shop.addProduct(token, "Red Kettle", "24.90", 5);

        io.restassured.response.Response placed = shop.placeOrder(token, kettle, 2);
        String orderId = placed.then().statusCode(201).body("status", equalTo("PENDING")).extract().path("id");
        // Links point at the gateway, not at the service behind it.
        assertThat(placed.header("Location")).isEqualTo(Deployment.get().gatewayUrl() + "/api/orders/" + orderId);
        await().atMost(SAGA).until(() -> shop.status(token, orderId).equals("CONFIRMED"));
        shop.order(token, orderId).then().body("total", equalTo(49.80f));
        assertThat(shop.stock(kettle)).isEqualTo(3);

        shop.cancel(token, orderId).then().statusCode(200).body("status", equalTo("CANCELLED"));
        await().atMost(SAGA).until(() -> shop.stock(kettle) == 5);
    }

    @Test
    void anOrderForMoreThanIsInStockIsRejected() {
        String token = shop.newCustomer();
        String rare = shop.addProduct(token, "Rare Stamp", "300.00", 1);
        String orderId = shop.placeOrder(token, rare, 2).then().statusCode(201).extract().path("id");
        await().atMost(SAGA).until(() -> shop.status(token, orderId).equals("REJECTED"));
        assertThat(shop.stock(rare)).isEqualTo(1);
    }

    @Test
    void twentyConcurrentOrdersForFiveUnitsConfirmExactlyFive() throws Exception {
        String token = shop.newCustomer();
        String lastUnits = shop.addProduct(token, "Last Units", "9.99", 5);
        ExecutorService customers = Executors.newFixedThreadPool(10);
        List<String> orderIds = new ArrayList<>();
        try {
            List<Future<String>> placed = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                placed.add(customers.submit(() -> shop.placeOrder(token, lastUnits, 1)
                        .then().statusCode(201).extract().<String>path("id")));
            }
            for (Future<String> order : placed) {
                orderIds.add(order.get());
            }
        } finally {
            customers.shutdownNow();
        }
        await().atMost(SAGA).until(() -> orderIds.stream().noneMatch(id -> shop.status(token, id).equals("PENDING")));
        List<String> outcomes = orderIds.stream().map(id -> shop.status(token, id)).toList();
        assertThat(outcomes).filteredOn("CONFIRMED"::equals).hasSize(5);
        assertThat(outcomes).filteredOn("REJECTED"::equals).hasSize(15);
        assertThat(shop.stock(lastUnits)).isZero();
    }

    @Test
    void writesThroughTheGatewayNeedAToken() {
        shop.request().contentType("application/json").body("{\"items\":[]}").post("/api/orders")
                .then().statusCode(401).contentType("application/problem+json");
    }
}
