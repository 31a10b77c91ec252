package dev.octet.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.octet.gateway.support.FakeService;
import dev.octet.gateway.support.FakeServices;
import dev.octet.testing.JwtResource;
import dev.octet.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Timeouts, retries and circuit breakers, against services that drop connections, hang, trickle or die. */
@QuarkusTest
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = JwtResource.class, restrictToAnnotatedClass = false)
class GatewayResilienceTest {

    private static final String TOKEN = TestTokens.bearer(UUID.randomUUID());

    @TestHTTPResource("/")
    URL gateway;

    @BeforeAll
    static void problemsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    @Test
    void aReadIsRetriedWhenTheConnectionBreaks() {
        FakeService flaky = FakeServices.get("flaky-service");
        int before = flaky.requestCount();
        flaky.dropNext(1);

        given().get("/api/flaky/items/3").then().statusCode(200).body("uri", equalTo("/flaky/items/3"));

        assertThat(flaky.requestCount() - before).as("the dropped attempt and the retry").isEqualTo(2);
    }

    @Test
    void aWriteThatReachedTheServiceIsNeverSentTwice() {
        FakeService flaky = FakeServices.get("flaky-service");
        int before = flaky.requestCount();
        flaky.dropNext(1);

        given().header("Authorization", TOKEN).contentType("application/json").body("{\"quantity\":1}")
                .post("/api/flaky/items")
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("https://octet.dev/problems/bad-gateway"))
                .body("detail", containsString("flaky-service"));

        assertThat(flaky.requestCount() - before).isEqualTo(1);
    }

    @Test
    void aWriteIsSentToAnotherReplicaWhenTheFirstCannotBeReached() {
        FakeService alive = FakeServices.get("failover-alive");
        int before = alive.requestCount();

        // Round robin puts the dead replica first for every other request: those are sent on, never lost.
        for (int i = 0; i < 4; i++) {
            given().header("Authorization", TOKEN).contentType("application/json").body("{\"n\":" + i + "}")
                    .post("/api/failover/items")
                    .then().statusCode(200).body("service", equalTo("failover-alive"));
        }

        assertThat(alive.requestCount() - before).isEqualTo(4);
    }

    @Test
    void aClientThatGivesUpCancelsTheCallAndIsNotRetriedFor() throws Exception {
        FakeService flaky = FakeServices.get("flaky-service");
        int before = flaky.requestCount();

        try (Socket client = new Socket(gateway.getHost(), gateway.getPort())) {
            client.getOutputStream().write("GET /api/flaky/hang HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(10)).until(() -> flaky.requestCount() - before == 1);
        }

        // Long before the route's 30 s idle timeout: the gateway gave up on the call when the client left.
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics().contains("outcome=\"client_gone\",route=\"flaky\""));
        // Given time for a retry to happen, none does: nobody is waiting for its answer.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> flaky.requestCount() - before == 1);
        given().get("/api/flaky/items/after").then().statusCode(200);
    }

    @Test
    void aServiceThatSendsNothingGets504AfterTheIdleTimeoutAndReadsAreRetried() {
        FakeService idle = FakeServices.get("idle-service");
        int before = idle.requestCount();

        given().get("/api/idle/hang")
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://octet.dev/problems/gateway-timeout"))
                .body("detail", containsString("idle-service"))
                .body("detail", containsString("500 ms"));

        assertThat(idle.requestCount() - before).as("three attempts").isEqualTo(3);
    }

    @Test
    void aWriteThatTimesOutIsNotRetried() {
        FakeService trickle = FakeServices.get("trickle-service");
        int before = trickle.requestCount();

        given().header("Authorization", TOKEN).body("{}").post("/api/trickle/hang")
                .then().statusCode(504).body("type", equalTo("https://octet.dev/problems/gateway-timeout"));

        assertThat(trickle.requestCount() - before).isEqualTo(1);
    }

    @Test
    void theTimeoutIsAnIdleTimeoutNotATotalOne() {
        // 25 bytes, one every 100 ms: 2.5 s in all, longer than the route's 1.5 s idle timeout, never idle for long.
        String body = given().get("/api/trickle/trickle/25").then().statusCode(200).extract().asString();

        assertThat(body).isEqualTo(".".repeat(25));
    }

    @Test
    void theBreakerOpensStopsCallingTheServiceAndClosesWhenItRecovers() {
        FakeService fragile = FakeServices.get("fragile-service");
        fragile.dropNext(Integer.MAX_VALUE);
        int before = fragile.requestCount();

        // Three attempts, three failures: the threshold.
        given().get("/api/fragile/things").then().statusCode(502);
        assertThat(fragile.requestCount() - before).isEqualTo(3);
        assertThat(metrics()).containsPattern(breakerState("fragile", "open") + " 1.0");

        given().get("/api/fragile/things")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "3")
                .body("type", equalTo("https://octet.dev/problems/service-unavailable"))
                .body("title", equalTo("Service Unavailable"))
                .body("detail", containsString("fragile-service"))
                .body("detail", containsString("circuit breaker open"))
                .body("instance", equalTo("/api/fragile/things"));
        assertThat(fragile.requestCount() - before).as("an open breaker does not call the service").isEqualTo(3);

        fragile.dropNext(0);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                given().get("/api/fragile/things").then().statusCode(200));
        assertThat(metrics()).containsPattern(breakerState("fragile", "closed") + " 1.0");
    }

    @Test
    void aServiceThatIsDownGets503AndTheGatewayStaysReady() {
        FakeService down = FakeServices.get("down-service");
        down.stop();

        given().get("/api/down/anything")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://octet.dev/problems/service-unavailable"))
                .body("status", equalTo(503))
                .body("detail", containsString("down-service is unavailable"))
                .body("detail", containsString("no connection"));
        given().header("Authorization", TOKEN).body("{}").post("/api/down/anything")
                .then().statusCode(503).body("detail", containsString("down-service is unavailable"));

        // Its breaker is open by now (six failed connections); the gateway itself is still ready.
        assertThat(metrics()).containsPattern(breakerState("down", "open") + " 1.0");
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'gateway-routes' }.data.down", containsString("open"));
    }

    static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static String breakerState(String route, String state) {
        return "octet_gateway_breaker_state\\{route=\"" + route + "\",state=\"" + state + "\",target=\"127.0.0.1:\\d+\"}";
    }
}
