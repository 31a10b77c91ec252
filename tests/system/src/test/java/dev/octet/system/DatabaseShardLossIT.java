package dev.octet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The distributed database loses one shard while customers keep ordering. Only the customers whose
 * orders live on that shard are turned away, with a 503 problem and a Retry-After, and lose nothing;
 * everybody else's orders are placed and confirmed as usual; once the shard is back, its customers
 * order again.
 */
class DatabaseShardLossIT {

    /** The devstack's, compose's and k8s's third shard: index 2 in the router's shard list. */
    private static final String SHARD = "shard-3";
    private static final int SHARD_INDEX = 2;
    private static final int STOCK = 1_000;
    private static final Duration SAGA = Duration.ofMinutes(2);

    private final Deployment deployment = Deployment.get();
    private final Shop shop = new Shop(deployment.gatewayUrl());

    @BeforeEach
    void needsFaultsAndTheRouter() {
        Assumptions.assumeTrue(deployment.faults() != null,
                "this deployment gives no way to kill components (set OCTET_KILL_COMMAND and OCTET_RESTART_COMMAND)");
        Assumptions.assumeTrue(deployment.routerAdminUrl() != null,
                "where customers' orders live is unknown (set OCTET_ROUTER_ADMIN_URL to the query router's admin API)");
    }

    @Test
    void ordersOfCustomersOnTheOtherShardsAreConfirmedWhileOneShardIsDown() {
        String seller = shop.newCustomer();
        String product = shop.addProduct(seller, "Shard loss item", "3.00", STOCK);
        Map<String, String> onLostShard = new LinkedHashMap<>();
        Map<String, String> elsewhere = new LinkedHashMap<>();
        // Bounded: at most 60 customers to find 2 on the shard that will go and 4 on the others.
        for (int i = 0; i < 60 && (onLostShard.size() < 2 || elsewhere.size() < 4); i++) {
            String token = shop.newCustomer();
            (shardOf(Shop.customerId(token)) == SHARD_INDEX ? onLostShard : elsewhere).put(token, null);
        }
        assertThat(onLostShard).hasSizeGreaterThanOrEqualTo(2);
        assertThat(elsewhere).hasSizeGreaterThanOrEqualTo(4);
        int confirmedUnits = 0;
        for (Map.Entry<String, String> customer : onLostShard.entrySet()) {
            customer.setValue(confirmedOrder(customer.getKey(), product));
            confirmedUnits++;
        }

        deployment.faults().kill(SHARD);
        List<String[]> placedWhileDown = new ArrayList<>();
        try {
            for (String token : elsewhere.keySet()) {
                String order = shop.placeOrder(token, product, 1).then().statusCode(201).extract().path("id");
                placedWhileDown.add(new String[] {token, order});
            }
            for (Map.Entry<String, String> customer : onLostShard.entrySet()) {
                assertUnavailable(shop.placeOrder(customer.getKey(), product, 1));
                assertUnavailable(shop.order(customer.getKey(), customer.getValue()));
            }
            for (String[] placed : placedWhileDown) {
                await().atMost(SAGA).until(() -> shop.status(placed[0], placed[1]).equals("CONFIRMED"));
                confirmedUnits++;
            }
        } finally {
            deployment.faults().restart(SHARD);
        }

        for (Map.Entry<String, String> customer : onLostShard.entrySet()) {
            // The router uses the shard again once it has noticed it is back (it fails fast for a second
            // after each failed attempt, and probes the shard every few seconds).
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> shop.order(customer.getKey(), customer.getValue()).statusCode() == 200);
            assertThat(shop.status(customer.getKey(), customer.getValue())).isEqualTo("CONFIRMED");
            String[] placed = new String[1];
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Response response = shop.placeOrder(customer.getKey(), product, 1);
                placed[0] = response.statusCode() == 201 ? response.path("id") : null;
                return placed[0] != null;
            });
            await().atMost(SAGA).until(() -> shop.status(customer.getKey(), placed[0]).equals("CONFIRMED"));
            confirmedUnits++;
        }
        // The turned-away orders reserved nothing: the stock is short by exactly the confirmed units.
        assertThat(shop.stock(product)).isEqualTo(STOCK - confirmedUnits);
    }

    private String confirmedOrder(String token, String product) {
        String order = shop.placeOrder(token, product, 1).then().statusCode(201).extract().path("id");
        await().atMost(SAGA).until(() -> shop.status(token, order).equals("CONFIRMED"));
        return order;
    }

    private static void assertUnavailable(Response response) {
        response.then().statusCode(503).contentType("application/problem+json");
        assertThat(response.<String>path("type")).endsWith("/database-unavailable");
        assertThat(response.header("Retry-After")).isNotBlank();
    }

    /** The shard that holds a customer's orders, as the query router's admin API says. */
    private int shardOf(String customerId) {
        return given().baseUri(deployment.routerAdminUrl()).auth().preemptive().basic("operator", deployment.operatorPassword())
                .get("/admin/tables/orders/keys/" + customerId)
                .then().statusCode(200).extract().path("shard");
    }
}
