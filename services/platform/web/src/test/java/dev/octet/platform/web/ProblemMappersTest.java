package dev.octet.platform.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every mapper, through a real HTTP request: status, media type, stable type, detail, instance, request id. */
@QuarkusTest
class ProblemMappersTest {

    private static final String TYPES = "https://octet.dev/problems/";

    @Test
    void aProblemExceptionKeepsItsStatusTypeAndDetail() {
        problem(given().header(RequestIds.HEADER, "req-42").get("/problems/missing"), 404, "not-found")
                .body("title", equalTo("Not found"))
                .body("detail", equalTo("There is no widget 7."))
                .body("instance", equalTo("/problems/missing"))
                .body("requestId", equalTo("req-42"))
                .header(RequestIds.HEADER, "req-42");
        problem(given().get("/problems/conflict"), 409, "widget-taken")
                .body("title", equalTo("Conflict"))
                .body("detail", equalTo("Widget 7 is taken."));
    }

    @Test
    void invalidFieldsAreListedByPathInOrder() {
        String body = "{\"items\":[{\"productId\":\"6f1c1a54-9d3f-4f7e-9d38-0d7b7e1e2a10\",\"quantity\":0},"
                + "{\"quantity\":11}],\"note\":\" \"}";
        problem(given().contentType(ContentType.JSON).body(body).post("/problems/orders"), 400, "validation")
                .body("title", equalTo("Invalid request"))
                .body("detail", equalTo("The request has 4 invalid fields."))
                .body("errors", hasSize(4))
                .body("errors.field", org.hamcrest.Matchers.contains("items[0].quantity", "items[1].productId",
                        "items[1].quantity", "note"))
                .body("errors[0].message", equalTo("must be greater than or equal to 1"));
    }

    @Test
    void invalidQueryParametersAreFieldErrorsToo() {
        problem(given().get("/problems/pages?page=-1&size=500"), 400, "validation")
                .body("errors.field", org.hamcrest.Matchers.contains("page", "size"))
                .body("errors.message", org.hamcrest.Matchers.contains("must be 0 or more", "must be at most 100"));
        given().get("/problems/pages?page=2&size=5").then().statusCode(200).body(equalTo("2/5"));
    }

    @Test
    void aBodyThatIsNotJsonOrOfTheWrongShapeIsMalformed() {
        problem(given().contentType(ContentType.JSON).body("{\"items\": [").post("/problems/orders"), 400, "malformed-body")
                .body("detail", containsString("The body is not valid JSON for this request"));
        problem(given().contentType(ContentType.JSON).body("{\"items\":[{\"productId\":\"not-a-uuid\",\"quantity\":1}],"
                + "\"note\":\"n\"}").post("/problems/orders"), 400, "malformed-body")
                .body("detail", containsString("at items[0].productId"));
    }

    @Test
    void failedAuthenticationIs401WithABearerChallenge() {
        problem(given().get("/problems/unauthenticated"), 401, "unauthorized")
                .header("WWW-Authenticate", "Bearer")
                .body("detail", containsString("valid bearer token"));
    }

    @Test
    void aForbiddenCallIs403() {
        problem(given().get("/problems/forbidden"), 403, "forbidden").body("detail", equalTo("You are not allowed to do this."));
    }

    @Test
    void anHttpExceptionKeepsItsStatusAndHeaders() {
        problem(given().get("/problems/gone"), 410, "gone")
                .body("title", equalTo("Gone"))
                .body("detail", equalTo("Widget 7 was removed."))
                .header("X-Widget", "7");
    }

    @Test
    void anUnexpectedFailureIs500WithoutItsInternals() {
        problem(given().header(RequestIds.HEADER, "req-500").get("/problems/bug"), 500, "internal")
                .body("detail", equalTo("The service failed to handle this request; it is logged under request id req-500."))
                .body(not(containsString("invariant")))
                .body(not(containsString("IllegalStateException")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"unreachable", "deadlock", "shutdown", "no-connection"})
    void aTransientDatabaseFailureIs503WithRetryAfter(String failure) {
        problem(given().get("/problems/database/" + failure), 503, "database-unavailable")
                .header("Retry-After", Integer.toString(ProblemMappers.RETRY_AFTER_SECONDS))
                .body("title", equalTo("Service unavailable"))
                .body("detail", containsString("nothing was changed"));
    }

    @Test
    void aDatabaseErrorCausedByTheRequestIsNotRetryable() {
        problem(given().get("/problems/database/duplicate"), 500, "internal").header("Retry-After", nullValue());
    }

    private static ValidatableResponse problem(io.restassured.response.Response response, int status, String type) {
        return response.then()
                .statusCode(status)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(status))
                .body("type", equalTo(TYPES + type));
    }
}
