package dev.octet.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.octet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.VerificationJwkSelector;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class UserServiceIT {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Test
    void registersAndLogsIn() {
        String email = uniqueEmail();
        Response created = register(email, "correct horse", "Ada");
        created.then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("email", equalTo(email))
                .body("name", equalTo("Ada"))
                .body("$", not(hasKey("passwordHash")));
        String id = created.path("id");

        String token = login(email, "correct horse");
        given().auth().oauth2(token).get("/users/me")
                .then().statusCode(200).body("id", equalTo(id)).body("email", equalTo(email));
        given().auth().oauth2(token).get(URI.create(created.header("Location")).getPath())
                .then().statusCode(200).body("name", equalTo("Ada"));
    }

    @Test
    void invalidRegistrationIsRefusedWithFieldErrorsAndWritesNothing() throws Exception {
        String email = "not-an-email-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "short", "name", ""))
                .post("/users")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://octet.dev/problems/validation"))
                .body("status", equalTo(400))
                .body("errors.field", containsInAnyOrder("email", "password", "name"));
        assertThat(accountsWithEmail(email)).isZero();
    }

    @Test
    void aPasswordLongerThanBcryptHashesIsRefusedAndWritesNothing() throws Exception {
        String email = "long-" + UUID.randomUUID() + "@example.com";
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "é".repeat(37), "name", "Long"))
                .post("/users")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("errors.field", containsInAnyOrder("password"));
        assertThat(accountsWithEmail(email)).isZero();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", "é".repeat(36), "name", "Long"))
                .post("/users")
                .then().statusCode(201);
    }

    @Test
    void malformedBodyIsAProblem() {
        given().contentType(ContentType.JSON).body("{\"email\": ").post("/users")
                .then().statusCode(400).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://octet.dev/problems/malformed-body"));
    }

    @Test
    void emailIsUniqueWhateverItsCase() throws Exception {
        String email = uniqueEmail();
        register(email, "password one", "First").then().statusCode(201);
        register(email.toUpperCase(), "password two", "Second")
                .then().statusCode(409).contentType(PROBLEM_JSON)
                .body("type", equalTo("https://octet.dev/problems/email-taken"));
        assertThat(accountsWithEmail(email)).isEqualTo(1);
    }

    @Test
    void concurrentRegistrationsForOneEmailCreateOneAccount() throws Exception {
        String email = uniqueEmail();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<Integer> attempt = () -> register(email, "same password", "Racer").statusCode();
                statuses.add(pool.submit(attempt));
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get());
            }
            assertThat(codes).containsOnly(201, 409).filteredOn(code -> code == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(accountsWithEmail(email)).isEqualTo(1);
    }

    @Test
    void wrongPasswordAndUnknownEmailAreBothUnauthorized() {
        String email = uniqueEmail();
        register(email, "the real one", "Bob").then().statusCode(201);
        for (Map<String, String> attempt : List.of(
                Map.of("email", email, "password", "not the real one"),
                Map.of("email", uniqueEmail(), "password", "the real one"))) {
            given().contentType(ContentType.JSON).body(attempt).post("/users/login")
                    .then().statusCode(401).contentType(PROBLEM_JSON)
                    .body("detail", equalTo("Wrong email or password."));
        }
    }

    @Test
    void readsNeedAToken() {
        given().get("/users").then().statusCode(401).contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("not.a.token").get("/users/me").then().statusCode(401);
    }

    @Test
    void usersChangeOnlyTheirOwnAccount() {
        String mine = uniqueEmail();
        String theirs = uniqueEmail();
        String myId = register(mine, "my password", "Me").path("id");
        String theirId = register(theirs, "their password", "Them").path("id");
        String token = login(mine, "my password");

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("name", "Mallory"))
                .patch("/users/" + theirId).then().statusCode(403).contentType(PROBLEM_JSON);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of())
                .patch("/users/" + myId).then().statusCode(400);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "Renamed", "password", "a new password"))
                .patch("/users/" + myId).then().statusCode(200).body("name", equalTo("Renamed"));

        login(mine, "a new password");
        given().contentType(ContentType.JSON).body(Map.of("email", mine, "password", "my password"))
                .post("/users/login").then().statusCode(401);
        given().auth().oauth2(token).get("/users/" + theirId).then().statusCode(200).body("name", equalTo("Them"));
    }

    @Test
    void listsUsersInPages() {
        for (int i = 0; i < 3; i++) {
            register(uniqueEmail(), "paging password", "Pager " + i).then().statusCode(201);
        }
        String email = uniqueEmail();
        register(email, "paging password", "Reader");
        String token = login(email, "paging password");
        Response page = given().auth().oauth2(token).queryParam("size", 2).get("/users");
        page.then().statusCode(200).body("size", equalTo(2)).body("page", equalTo(0));
        assertThat(page.<List<?>>path("items")).hasSize(2);
        assertThat(page.<Integer>path("total")).isGreaterThanOrEqualTo(4);
        given().auth().oauth2(token).queryParam("size", 0).get("/users")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
    }

    @Test
    void tokensVerifyAgainstThePublishedKeySet() throws Exception {
        String email = uniqueEmail();
        register(email, "jwks password", "Verifier");
        String token = login(email, "jwks password");
        String jwks = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();

        JsonWebSignature signature = new JsonWebSignature();
        signature.setCompactSerialization(token);
        signature.setKey(new VerificationJwkSelector().select(signature, new JsonWebKeySet(jwks).getJsonWebKeys()).getKey());
        assertThat(signature.verifySignature()).isTrue();
        assertThat(signature.getPayload()).contains("\"iss\":\"https://octet.dev\"");
    }

    private static Response register(String email, String password, String name) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "name", name))
                .post("/users");
    }

    private static String login(String email, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", password))
                .post("/users/login")
                .then().statusCode(200).body("tokenType", equalTo("Bearer"))
                .extract().path("accessToken");
    }

    private static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.test";
    }

    private static int accountsWithEmail(String email) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
             PreparedStatement query = connection.prepareStatement("select count(*) from user_account where email = ?")) {
            query.setString(1, email.toLowerCase());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
