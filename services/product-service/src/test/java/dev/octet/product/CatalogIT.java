package dev.octet.product;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import dev.octet.testing.JwtResource;
import dev.octet.testing.KafkaResource;
import dev.octet.testing.PostgresResource;
import dev.octet.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = JwtResource.class, restrictToAnnotatedClass = false)
class CatalogIT {

    private static final String PROBLEM_JSON = "application/problem+json";
    private final String token = TestTokens.bearer(UUID.randomUUID());

    @Test
    void createsReadsReplacesAndDeletesAProduct() {
        String sku = uniqueSku();
        Response created = create(product(sku, "Trail Shoe", "shoes", "89.90", 12));
        created.then().statusCode(201).body("sku", equalTo(sku)).body("stock", equalTo(12)).body("price", equalTo(89.90f));
        String id = created.path("id");

        given().get("/products/" + id).then().statusCode(200).body("name", equalTo("Trail Shoe"));

        Map<String, Object> replacement = product(sku, "Trail Shoe II", "shoes", "99.00", 3);
        given().header("Authorization", token).contentType(ContentType.JSON).body(replacement).put("/products/" + id)
                .then().statusCode(200).body("name", equalTo("Trail Shoe II")).body("stock", equalTo(3));

        given().header("Authorization", token).delete("/products/" + id).then().statusCode(204);
        given().get("/products/" + id).then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://octet.dev/problems/not-found"));
    }

    @Test
    void invalidProductIsRefusedWithFieldErrorsAndNothingIsWritten() {
        String sku = "bad sku " + UUID.randomUUID();
        Map<String, Object> invalid = product(sku, "", "shoes", "-1.00", -5);
        given().header("Authorization", token).contentType(ContentType.JSON).body(invalid).post("/products")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("sku", "name", "price", "stock"));
        assertThat(given().queryParam("q", "").queryParam("size", 100).get("/products").<List<String>>path("items.sku"))
                .doesNotContain(sku);
    }

    @Test
    void skuIsUnique() {
        String sku = uniqueSku();
        create(product(sku, "Original", "misc", "1.00", 1)).then().statusCode(201);
        create(product(sku, "Copy", "misc", "2.00", 1)).then().statusCode(409).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://octet.dev/problems/sku-taken"));
    }

    @Test
    void writesNeedAValidToken() {
        Map<String, Object> body = product(uniqueSku(), "Unauthorised", "misc", "1.00", 1);
        given().contentType(ContentType.JSON).body(body).post("/products")
                .then().statusCode(401).contentType(PROBLEM_JSON);
        given().header("Authorization", TestTokens.bearerSignedByStranger(UUID.randomUUID()))
                .contentType(ContentType.JSON).body(body).post("/products")
                .then().statusCode(401);
        given().get("/products").then().statusCode(200);
    }

    @Test
    void searchesByNameAndCategoryInPages() {
        String category = "cat-" + UUID.randomUUID().toString().substring(0, 8);
        create(product(uniqueSku(), "Red Kettle", category, "20.00", 1)).then().statusCode(201);
        create(product(uniqueSku(), "Blue Kettle", category, "21.00", 1)).then().statusCode(201);
        create(product(uniqueSku(), "Red Teapot", category, "15.00", 1)).then().statusCode(201);

        given().queryParam("category", category).queryParam("q", "KETTLE").get("/products")
                .then().statusCode(200).body("total", equalTo(2))
                .body("items.name", containsInAnyOrder("Red Kettle", "Blue Kettle"));
        given().queryParam("category", category).queryParam("size", 2).queryParam("page", 1).get("/products")
                .then().statusCode(200).body("total", equalTo(3)).body("items.name", equalTo(List.of("Red Teapot")));
        given().queryParam("q", "100%_literal").get("/products").then().statusCode(200).body("total", equalTo(0));
        given().queryParam("page", -1).get("/products").then().statusCode(400).body("errors[0].field", equalTo("page"));
    }

    @Test
    void stockNeverGoesBelowZero() {
        String id = create(product(uniqueSku(), "Scarce", "misc", "5.00", 2)).path("id");
        adjust(id, 3).then().statusCode(200).body("stock", equalTo(5));
        adjust(id, -6).then().statusCode(409).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://octet.dev/problems/insufficient-stock"));
        given().get("/products/" + id).then().body("stock", equalTo(5));
        adjust(id, -5).then().statusCode(200).body("stock", equalTo(0));
    }

    @Test
    void unknownIdsAndMalformedIdsAreClientErrors() {
        given().get("/products/" + UUID.randomUUID()).then().statusCode(404).contentType(PROBLEM_JSON);
        given().get("/products/not-a-uuid").then().statusCode(404);
    }

    private Response create(Map<String, Object> body) {
        return given().header("Authorization", token).contentType(ContentType.JSON).body(body).post("/products");
    }

    private Response adjust(String id, int delta) {
        return given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("delta", delta))
                .post("/products/" + id + "/stock");
    }

    static Map<String, Object> product(String sku, String name, String category, String price, int stock) {
        Map<String, Object> body = new HashMap<>();
        body.put("sku", sku);
        body.put("name", name);
        body.put("description", "A product for tests");
        body.put("category", category);
        body.put("price", new java.math.BigDecimal(price));
        body.put("stock", stock);
        return body;
    }

    static String uniqueSku() {
        return "SKU-" + UUID.randomUUID();
    }
}
