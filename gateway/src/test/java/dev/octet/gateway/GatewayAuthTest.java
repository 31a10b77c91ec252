package dev.octet.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.octet.gateway.support.FakeService;
import dev.octet.gateway.support.FakeServices;
import dev.octet.testing.JwtResource;
import dev.octet.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.parsing.Parser;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = JwtResource.class, restrictToAnnotatedClass = false)
class GatewayAuthTest {

    @BeforeAll
    static void problemsAreJson() {
        RestAssured.registerParser("application/problem+json", Parser.JSON);
    }

    @Test
    void writesWithoutATokenAreRefusedBeforeReachingTheService() {
        FakeService products = FakeServices.get("product-service");
        int before = products.requestCount();

        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
            given().contentType("application/json").body("{\"name\":\"lamp\"}")
                    .request(method, "/api/products/1")
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("type", equalTo("https://octet.dev/problems/unauthorized"))
                    .body("status", equalTo(401))
                    .body("instance", equalTo("/api/products/1"))
                    .body("detail", containsString("needs a bearer token"));
        }
        assertThat(products.requestCount()).isEqualTo(before);
    }

    @Test
    void badTokensAreRefused() {
        FakeService orders = FakeServices.get("order-service");
        int before = orders.requestCount();
        UUID user = UUID.randomUUID();

        given().header("Authorization", TestTokens.bearerSignedByStranger(user)).body("{}").post("/api/orders")
                .then().statusCode(401).body("detail", containsString("not valid"));
        given().header("Authorization", "Bearer " + TestTokens.token(user, "late@example.test", Duration.ofSeconds(-120)))
                .body("{}").post("/api/orders")
                .then().statusCode(401).body("detail", containsString("expired"));
        given().header("Authorization", "Bearer not.a.jwt").body("{}").post("/api/orders")
                .then().statusCode(401);
        given().header("Authorization", "Basic YWRhOnNlY3JldA==").body("{}").post("/api/orders")
                .then().statusCode(401).body("detail", containsString("not a bearer token"));

        assertThat(orders.requestCount()).isEqualTo(before);
    }

    @Test
    void aValidTokenLetsTheWriteThroughWithItsAuthorizationUnchanged() {
        FakeService orders = FakeServices.get("order-service");
        String bearer = TestTokens.bearer(UUID.randomUUID());

        given().header("Authorization", bearer).contentType("application/json").body("{\"items\":[]}")
                .post("/api/orders")
                .then().statusCode(200)
                .body("service", equalTo("order-service"))
                .body("uri", equalTo("/orders"));

        assertThat(orders.last().headers()).containsEntry("Authorization", bearer);
    }

    @Test
    void registeringAndLoggingInNeedNoToken() {
        FakeService users = FakeServices.get("user-service");

        given().contentType("application/json").body("{\"email\":\"new@example.test\"}").post("/api/users")
                .then().statusCode(200).body("uri", equalTo("/users"));
        given().contentType("application/json").body("{}").post("/api/users/login")
                .then().statusCode(200).body("uri", equalTo("/users/login"));
        given().contentType("application/json").body("{}").post("/api/users/login/")
                .then().statusCode(200).body("uri", equalTo("/users/login/"));

        assertThat(users.last().headers()).doesNotContainKey("Authorization");
    }

    @Test
    void onlyThoseWritesArePublic() {
        given().contentType("application/json").body("{}").put("/api/users/" + UUID.randomUUID())
                .then().statusCode(401);
        given().contentType("application/json").body("{}").post("/api/users/login/extra")
                .then().statusCode(401);
    }

    @Test
    void readsNeedNoToken() {
        given().get("/api/users/" + UUID.randomUUID()).then().statusCode(200).body("service", equalTo("user-service"));
        given().get("/api/orders").then().statusCode(200).body("service", equalTo("order-service"));
    }
}
