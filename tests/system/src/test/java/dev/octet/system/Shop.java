package dev.octet.system;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The microservices shop as a customer uses it: only through the gateway. */
final class Shop {

    private final String gateway;

    Shop(String gateway) {
        this.gateway = gateway;
    }

    /** Registers a new customer and logs in; returns the bearer token. */
    String newCustomer() {
        String email = "customer-" + UUID.randomUUID() + "@example.test";
        request().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "system test password", "name", "System Test"))
                .post("/api/users").then().statusCode(201);
        return request().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "system test password"))
                .post("/api/users/login").then().statusCode(200).extract().path("accessToken");
    }

    /** The customer's id: the subject of their token (the orders' shard key). */
    static String customerId(String token) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return JsonPath.from(payload).getString("sub");
    }

    String addProduct(String token, String name, String price, int stock) {
        return request().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("sku", "SYS-" + UUID.randomUUID(), "name", name, "category", "system-test",
                        "price", new BigDecimal(price), "stock", stock))
                .post("/api/products").then().statusCode(201).extract().path("id");
    }

    int stock(String productId) {
        return request().get("/api/products/" + productId).then().statusCode(200).extract().path("stock");
    }

    Response placeOrder(String token, String productId, int quantity) {
        return request().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("items", List.of(Map.of("productId", productId, "quantity", quantity))))
                .post("/api/orders");
    }

    Response order(String token, String orderId) {
        return request().auth().oauth2(token).get("/api/orders/" + orderId);
    }

    String status(String token, String orderId) {
        return order(token, orderId).then().statusCode(200).extract().path("status");
    }

    Response cancel(String token, String orderId) {
        return request().auth().oauth2(token).post("/api/orders/" + orderId + "/cancel");
    }

    RequestSpecification request() {
        return given().baseUri(gateway);
    }
}
