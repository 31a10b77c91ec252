package dev.octet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Components die while customers keep ordering. Afterwards every accepted order has reached a
 * final state, and the stock is exactly the starting stock less the units of confirmed orders:
 * nothing lost, nothing applied twice.
 */
class FaultToleranceIT {

    private static final int STOCK = 60;
    private static final Duration SETTLE = Duration.ofMinutes(3);

    private final Deployment deployment = Deployment.get();
    private final Shop shop = new Shop(deployment.gatewayUrl());

    @BeforeEach
    void needsFaultInjection() {
        Assumptions.assumeTrue(deployment.faults() != null,
                "this deployment gives no way to kill components (set OCTET_KILL_COMMAND and OCTET_RESTART_COMMAND)");
    }

    @Test
    void ordersPlacedWhileKafkaIsDownAreNeitherLostNorAppliedTwice() throws Exception {
        runWhileOrdering("kafka");
    }

    @Test
    void ordersPlacedWhileProductServiceIsDownAreNeitherLostNorAppliedTwice() throws Exception {
        runWhileOrdering("product-service");
    }

    @Test
    void aServiceThatIsDownAnswers503ProblemDetailsQuickly() {
        deployment.faults().kill("product-service");
        try {
            Instant start = Instant.now();
            shop.request().get("/api/products").then().statusCode(503).contentType("application/problem+json");
            // Not a timing assertion: the answer must simply not be a timeout or a hang.
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(30));
        } finally {
            deployment.faults().restart("product-service");
        }
        shop.request().get("/api/products").then().statusCode(200);
    }

    private void runWhileOrdering(String victim) throws Exception {
        String token = shop.newCustomer();
        String product = shop.addProduct(token, "Fault item for " + victim, "5.00", STOCK);
        Map<String, Integer> accepted = new ConcurrentHashMap<>();
        AtomicBoolean ordering = new AtomicBoolean(true);
        Thread customer = new Thread(() -> {
            // Bounded: at most 45 orders, and it stops when the scenario says so.
            for (int i = 0; i < 45 && ordering.get(); i++) {
                int units = ThreadLocalRandom.current().nextInt(1, 4);
                Response response = shop.placeOrder(token, product, units);
                if (response.statusCode() == 201) {
                    accepted.put(response.path("id"), units);
                }
            }
        }, "ordering-customer");
        customer.start();

        await().atMost(Duration.ofMinutes(1)).until(() -> accepted.size() >= 8);
        deployment.faults().kill(victim);
        int beforeRestart = accepted.size();
        await().atMost(Duration.ofMinutes(1)).until(() -> accepted.size() >= beforeRestart + 8 || !customer.isAlive());
        deployment.faults().restart(victim);
        customer.join(Duration.ofMinutes(3).toMillis());
        ordering.set(false);
        customer.join();

        assertThat(accepted).hasSizeGreaterThan(16);
        await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).until(() -> accepted.keySet().stream()
                .noneMatch(id -> shop.status(token, id).equals("PENDING")));
        List<String> unexpected = new ArrayList<>();
        int confirmedUnits = 0;
        for (Map.Entry<String, Integer> order : accepted.entrySet()) {
            String status = shop.status(token, order.getKey());
            switch (status) {
                case "CONFIRMED" -> confirmedUnits += order.getValue();
                case "REJECTED" -> { }
                default -> unexpected.add(order.getKey() + " is " + status);
            }
        }
        assertThat(unexpected).isEmpty();
        assertThat(shop.stock(product)).isEqualTo(STOCK - confirmedUnits);
    }
}
