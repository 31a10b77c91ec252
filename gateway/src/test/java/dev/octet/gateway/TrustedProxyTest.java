package dev.octet.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.gateway.support.FakeService;
import dev.octet.gateway.support.FakeServices;
import dev.octet.testing.JwtResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behind a load balancer the gateway trusts, what it says about the client is passed on, and added to. */
@QuarkusTest
@TestProfile(TrustedProxyTest.BehindALoadBalancer.class)
@QuarkusTestResource(value = FakeServices.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = JwtResource.class, restrictToAnnotatedClass = false)
class TrustedProxyTest {

    public static class BehindALoadBalancer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("octet.gateway.trusted-proxies", "10.0.0.0/8,127.0.0.0/8");
        }
    }

    @Test
    void aTrustedProxysForwardedHeadersAreKeptAndTheProxyIsAppended() {
        FakeService products = FakeServices.get("product-service");

        given().header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Host", "shop.example")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Prefix", "/elsewhere")
                .get("/api/products/1").then().statusCode(200);

        assertThat(products.last().headers())
                .containsEntry("X-Forwarded-For", "203.0.113.9, 127.0.0.1")
                .containsEntry("X-Forwarded-Host", "shop.example")
                .containsEntry("X-Forwarded-Proto", "https")
                .as("the gateway's own prefix, which the service needs for its links")
                .containsEntry("X-Forwarded-Prefix", "/api");
    }
}
