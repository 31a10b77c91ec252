package dev.octet.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import dev.octet.gateway.support.FakeService;
import dev.octet.gateway.support.FakeServices;
import dev.octet.platform.identity.ServiceId;
import dev.octet.platform.identity.TokenSigner;
import dev.octet.testing.IdentityResource;
import dev.octet.testing.JwtResource;
import dev.octet.testing.TestIdentities;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = JwtResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = IdentityResource.class, restrictToAnnotatedClass = false,
        initArgs = @ResourceArg(name = "identity", value = "gateway"))
class GatewayRoutingTest {

    @TestHTTPResource("/")
    URL gateway;

    @BeforeAll
    static void problemsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    @Test
    void rewritesThePrefixAndKeepsTheQuery() {
        FakeService products = FakeServices.get("product-service");

        given().get("/api/products?category=books&page=2")
                .then().statusCode(200)
                .body("service", equalTo("product-service"))
                .body("uri", equalTo("/products?category=books&page=2"));
        given().get("/api/products/42/stock")
                .then().statusCode(200).body("uri", equalTo("/products/42/stock"));
        assertThat(products.last().uri()).isEqualTo("/products/42/stock");
    }

    @Test
    void logInGoesToUsersLoginWithItsBody() {
        String body = "{\"email\":\"ada@example.test\",\"password\":\"correct horse\"}";

        given().contentType("application/json").body(body).post("/api/users/login")
                .then().statusCode(200)
                .body("service", equalTo("user-service"))
                .body("method", equalTo("POST"))
                .body("uri", equalTo("/users/login"))
                .body("bodyBytes", equalTo(body.length()));
    }

    @Test
    void dotSegmentsAreResolvedBeforeRouting() throws Exception {
        FakeService orders = FakeServices.get("order-service");
        int before = orders.requestCount();

        // Sent raw: most clients would resolve the ".." themselves.
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(gateway + "api/users/../orders/7")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(orders.requestCount()).isEqualTo(before + 1);
        assertThat(orders.last().uri()).isEqualTo("/orders/7");
    }

    @Test
    void pathsNoRouteServesAreProblemDetails404() {
        for (String path : new String[] {"/api/productsX", "/api/nothing-here/1", "/elsewhere"}) {
            given().get(path)
                    .then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://octet.dev/problems/not-found"))
                    .body("status", equalTo(404))
                    .body("instance", equalTo(path))
                    .body("$", hasKey("requestId"));
        }
    }

    @Test
    void keepsTheClientsRequestIdForwardsItAndEchoesItOnce() {
        FakeService products = FakeServices.get("product-service");

        Response response = given().header("X-Request-Id", "checkout-7f3a").get("/api/products/1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().getValues("X-Request-Id")).containsExactly("checkout-7f3a");
        assertThat(products.last().headers().get("X-Request-Id")).isEqualTo("checkout-7f3a");
    }

    @Test
    void makesUpARequestIdWhenThereIsNoneOrItIsUnfit() {
        FakeService products = FakeServices.get("product-service");

        for (String offered : new String[] {null, "has spaces in it", "x".repeat(129)}) {
            var request = given();
            if (offered != null) {
                request.header("X-Request-Id", offered);
            }
            Response response = request.get("/api/products/1");

            String id = response.header("X-Request-Id");
            assertThat(UUID.fromString(id)).isNotNull();
            assertThat(products.last().headers().get("X-Request-Id")).isEqualTo(id);
        }
    }

    @Test
    void problemDetailsCarryTheRequestIdToo() {
        given().header("X-Request-Id", "lost-42").get("/api/nowhere")
                .then().statusCode(404)
                .header("X-Request-Id", "lost-42")
                .body("requestId", equalTo("lost-42"));
    }

    @Test
    void continuesTheClientsTraceWithTheGatewaysSpanAsParent() {
        FakeService products = FakeServices.get("product-service");
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String clientSpan = "00f067aa0ba902b7";

        given().header("traceparent", "00-" + traceId + "-" + clientSpan + "-01").get("/api/products/1")
                .then().statusCode(200);

        String forwarded = products.last().headers().get("traceparent");
        assertThat(forwarded).as("one traceparent, not the client's plus the gateway's").doesNotContain("|");
        String[] parts = forwarded.split("-");
        assertThat(parts).hasSize(4);
        assertThat(parts[1]).isEqualTo(traceId);
        assertThat(parts[2]).isNotEqualTo(clientSpan);
    }

    @Test
    void tellsTheServiceWhoCalledAndThroughWhichPrefix() {
        FakeService products = FakeServices.get("product-service");

        given().get("/api/products/1").then().statusCode(200);

        assertThat(products.last().headers())
                .containsEntry("X-Forwarded-For", "127.0.0.1")
                .containsEntry("X-Forwarded-Proto", "http")
                .containsEntry("X-Forwarded-Prefix", "/api")
                .containsKey("X-Forwarded-Host");
    }

    @Test
    void whatAClientThatIsNoTrustedProxySaysAboutItsOriginIsReplaced() {
        FakeService products = FakeServices.get("product-service");

        given().header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Host", "bank.example")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Prefix", "/evil")
                .header("Forwarded", "for=203.0.113.9;host=bank.example").header("X-Real-IP", "203.0.113.9")
                .get("/api/products/1").then().statusCode(200);

        assertThat(products.last().headers())
                .containsEntry("X-Forwarded-For", "127.0.0.1")
                .containsEntry("X-Forwarded-Proto", "http")
                .containsEntry("X-Forwarded-Prefix", "/api")
                .doesNotContainKeys("Forwarded", "X-Real-IP");
        assertThat(products.last().headers().get("X-Forwarded-Host")).doesNotContain("bank.example");
    }

    @Test
    void provesItIsTheGatewayToTheChunkServersWithATokenForThemInPlaceOfAnyAClientSent() throws Exception {
        FakeService chunkServer = FakeServices.get("chunk-server");
        String forged = TestIdentities.strangersToken(ServiceId.of("gateway"), "chunk-server");

        given().header(TokenSigner.HEADER, forged).get("/api/files/a/b.txt").then().statusCode(200);

        String token = chunkServer.last().headers().get(TokenSigner.HEADER);
        assertThat(token).isNotNull().doesNotContain("|").isNotEqualTo(forged);
        assertThat(TestIdentities.verifierFor("chunk-server").verify(token)).isEqualTo(ServiceId.of("gateway"));
        assertThatThrownBy(() -> TestIdentities.verifierFor("metadata-service").verify(token))
                .hasMessageContaining("is for chunk-server, not metadata-service");
    }

    @Test
    void sendsNoServiceTokenToThePublicApisAndDropsAClientsOne() {
        FakeService products = FakeServices.get("product-service");

        given().header(TokenSigner.HEADER, TestIdentities.token(ServiceId.of("gateway"), "product-service"))
                .get("/api/products/1").then().statusCode(200);

        assertThat(products.last().headers()).doesNotContainKey(TokenSigner.HEADER);
    }

    @Test
    void errorsFromTheServicePassThroughUnchanged() {
        given().get("/api/products/status/409")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", equalTo("from product-service"));
    }

    @Test
    void metricsCountRequestsPerRoute() {
        given().get("/api/orders/1").then().statusCode(200);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("octet_gateway_requests_seconds_count\\{method=\"GET\",route=\"orders\",status=\"200\"}")
                .containsPattern("octet_gateway_upstream_calls_total\\{outcome=\"response\",route=\"orders\",target=\"127.0.0.1:\\d+\"}")
                // Quarkus's own server metric is tagged by route, not by each distinct URI.
                .contains("uri=\"/api/orders/**\"")
                .doesNotContain("uri=\"/api/orders/1\"");
    }

    @Test
    void openApiDescribesTheConfiguredRoutes() {
        given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/users/{path}"))
                .body("paths", hasKey("/api/failover/{path}"))
                .body("paths.'/api/products/{path}'.description", startsWith("Forwarded to product-service as /products/{path}"))
                .body("components.schemas.Problem.properties", hasKey("requestId"));
    }
}
