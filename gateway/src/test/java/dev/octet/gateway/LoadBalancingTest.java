package dev.octet.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.octet.gateway.support.FakeService;
import dev.octet.gateway.support.FakeServices;
import dev.octet.testing.JwtResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = JwtResource.class, restrictToAnnotatedClass = false)
class LoadBalancingTest {

    @Test
    void spreadsRequestsEvenlyOverTheReplicas() {
        FakeService a = FakeServices.get("balanced-a");
        FakeService b = FakeServices.get("balanced-b");
        int beforeA = a.requestCount();
        int beforeB = b.requestCount();

        for (int i = 0; i < 10; i++) {
            given().get("/api/balanced/items/" + i).then().statusCode(200);
        }

        assertThat(a.requestCount() - beforeA).isEqualTo(5);
        assertThat(b.requestCount() - beforeB).isEqualTo(5);
    }

    @Test
    void failsOverWhenAReplicaDiesAndTakesItBackWhenItReturns() {
        FakeService a = FakeServices.get("balanced-a");
        FakeService b = FakeServices.get("balanced-b");
        b.stop();
        int beforeA = a.requestCount();

        for (int i = 0; i < 10; i++) {
            given().get("/api/balanced/items/" + i).then().statusCode(200).body("service", equalTo("balanced-a"));
        }
        assertThat(a.requestCount() - beforeA).isEqualTo(10);
        assertThat(GatewayResilienceTest.metrics())
                .containsPattern(GatewayResilienceTest.breakerState("balanced", "open") + " 1.0");

        b.start();
        int beforeB = b.requestCount();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            given().get("/api/balanced/items/again").then().statusCode(200);
            assertThat(b.requestCount()).isGreaterThan(beforeB);
        });
    }
}
