package dev.octet.metadata.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.octet.platform.identity.ServiceId;
import dev.octet.platform.identity.TokenSigner;
import dev.octet.testing.IdentityResource;
import dev.octet.testing.KafkaResource;
import dev.octet.testing.PostgresResource;
import dev.octet.testing.TestIdentities;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every endpoint of the metadata service refuses a caller that is not a chunk server: none, another
 * service, an expired token, a token of an authority it does not trust, and (for a server's own
 * heartbeats) another chunk server. Each refusal changes nothing and is logged with the caller.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = IdentityResource.class, restrictToAnnotatedClass = false)
class CallerIdentityIT {

    private static final String AUDIENCE = "metadata-service";
    private static final ServiceId CHUNK_1 = ServiceId.of("chunk-server", "chunk-identity-1");
    private static final String INTRUDER = "chunk-intruder";
    private static final String FOLDER = "/identity-" + UUID.randomUUID();

    record Endpoint(String method, String path, Object body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("POST", "/uploads", Map.of("path", FOLDER + "/file", "size", 10, "holder", "intruder")),
            new Endpoint("GET", "/uploads?path=" + FOLDER + "/file", null),
            new Endpoint("POST", "/uploads/" + UUID.randomUUID() + "/chunks", Map.of("generation", 1, "index", 0)),
            new Endpoint("POST", "/uploads/" + UUID.randomUUID() + "/chunk-batches", Map.of("generation", 1, "stored", List.of())),
            new Endpoint("PUT", "/uploads/" + UUID.randomUUID() + "/chunks/0", Map.of("generation", 1)),
            new Endpoint("POST", "/uploads/" + UUID.randomUUID() + "/renewals", Map.of("generation", 1)),
            new Endpoint("POST", "/uploads/" + UUID.randomUUID() + "/commit", Map.of("generation", 1)),
            new Endpoint("DELETE", "/uploads/" + UUID.randomUUID() + "?generation=1", null),
            new Endpoint("GET", "/read-plans?path=" + FOLDER + "/file", null),
            new Endpoint("GET", "/namespace/entries?path=" + FOLDER, null),
            new Endpoint("GET", "/namespace/children?path=/", null),
            new Endpoint("POST", "/namespace/directories", Map.of("path", FOLDER)),
            new Endpoint("POST", "/namespace/renames", Map.of("from", "/a", "to", "/b")),
            new Endpoint("DELETE", "/namespace/entries?path=" + FOLDER + "&recursive=true", null),
            new Endpoint("GET", "/chunk-servers", null),
            new Endpoint("POST", "/chunk-servers/" + INTRUDER + "/heartbeats", Map.of("url", "http://intruder.test",
                    "capacityBytes", 1L << 40, "usedBytes", 0, "chunkCount", 0, "deletedChunks", List.of())),
            new Endpoint("POST", "/chunk-servers/" + INTRUDER + "/block-reports", Map.of("listedAt", "2026-01-01T00:00:00Z",
                    "chunks", List.of())),
            new Endpoint("GET", "/chunks/replication", null),
            new Endpoint("GET", "/chunks/" + UUID.randomUUID(), null),
            new Endpoint("POST", "/chunks/" + UUID.randomUUID() + "/replicas", Map.of("serverId", INTRUDER)),
            new Endpoint("POST", "/chunks/" + UUID.randomUUID() + "/bad-replicas", Map.of("serverId", INTRUDER, "reason", "x")));

    /** The callers to refuse: what each sends, what it is answered, and how the log names it. */
    enum Intruder {
        NONE(request -> request, 401, "unidentified"),
        GATEWAY(request -> request.header(TokenSigner.HEADER, TestIdentities.token(ServiceId.of("gateway"), AUDIENCE)), 403, "(gateway)"),
        EXPIRED(request -> request.header(TokenSigner.HEADER, TestIdentities.expiredToken(CHUNK_1, AUDIENCE)), 401, "expired at"),
        STRANGER(request -> request.header(TokenSigner.HEADER, TestIdentities.strangersToken(CHUNK_1, AUDIENCE)), 401,
                "is not valid from this deployment's authority"),
        FOR_ANOTHER_SERVICE(request -> request.header(TokenSigner.HEADER, TestIdentities.token(CHUNK_1, "chunk-server")), 401,
                "is for chunk-server, not metadata-service");

        final Function<RequestSpecification, RequestSpecification> credentials;
        final int status;
        final String logged;

        Intruder(Function<RequestSpecification, RequestSpecification> credentials, int status, String logged) {
            this.credentials = credentials;
            this.status = status;
            this.logged = logged;
        }
    }

    static Stream<Arguments> attempts() {
        return ENDPOINTS.stream().flatMap(endpoint -> Stream.of(Intruder.values()).map(intruder -> Arguments.of(endpoint, intruder)));
    }

    private final List<LogRecord> refusals = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (refusals) {
                refusals.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureRefusals() {
        Logger.getLogger("dev.octet.platform.access.CallerCheck").addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        Logger.getLogger("dev.octet.platform.access.CallerCheck").removeHandler(capture);
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("attempts")
    void everyEndpointRefusesAnyoneButAChunkServer(Endpoint endpoint, Intruder intruder) {
        RequestSpecification request = intruder.credentials.apply(RestAssured.given());
        if (endpoint.body() != null) {
            request.contentType(ContentType.JSON).body(endpoint.body());
        }
        request.request(endpoint.method(), endpoint.path()).then()
                .statusCode(intruder.status)
                .contentType("application/problem+json")
                .body("detail", containsString("Only the services chunk-server"));

        assertThat(loggedRefusals()).anySatisfy(message -> assertThat(message)
                .contains("Refused " + endpoint.method()).contains(endpoint.path().replaceAll("\\?.*", ""))
                .contains(intruder.logged));
        assertNothingChanged();
    }

    @Test
    void aChunkServerMaySpeakOnlyForItself() {
        MetadataApi.given().contentType(ContentType.JSON).body(Map.of("url", "http://chunk-identity-1.test",
                        "capacityBytes", 1L << 40, "usedBytes", 0, "chunkCount", 0, "deletedChunks", List.of()))
                .post("/chunk-servers/{id}/heartbeats", CHUNK_1.instance().orElseThrow()).then().statusCode(200);

        RestAssured.given().header(TokenSigner.HEADER, TestIdentities.token(CHUNK_1, AUDIENCE)).contentType(ContentType.JSON)
                .body(Map.of("url", "http://intruder.test", "capacityBytes", 1L << 40, "usedBytes", 0, "chunkCount", 0,
                        "deletedChunks", List.of()))
                .post("/chunk-servers/{id}/heartbeats", INTRUDER).then().statusCode(403)
                .body("detail", containsString("chunk-server/chunk-identity-1 may not speak for " + INTRUDER));
        // Its own heartbeat it may send.
        RestAssured.given().header(TokenSigner.HEADER, TestIdentities.token(CHUNK_1, AUDIENCE)).contentType(ContentType.JSON)
                .body(Map.of("url", "http://chunk-identity-1.test", "capacityBytes", 1L << 40, "usedBytes", 0, "chunkCount", 0,
                        "deletedChunks", List.of()))
                .post("/chunk-servers/{id}/heartbeats", CHUNK_1.instance().orElseThrow()).then().statusCode(200);
        assertNothingChanged();
    }

    @Test
    void operatorsMayReadTheServersAndChunksWithTheirCredentialAndNothingElse() {
        RestAssured.given().auth().preemptive().basic("operator", "octet-operator").get("/chunk-servers").then().statusCode(200);
        RestAssured.given().auth().preemptive().basic("operator", "octet-operator").get("/chunks/replication").then().statusCode(200);
        RestAssured.given().auth().preemptive().basic("operator", "wrong").get("/chunk-servers").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic")).body("detail", containsString("wrong"));
        RestAssured.given().auth().preemptive().basic("operator", "octet-operator").contentType(ContentType.JSON)
                .body(Map.of("path", FOLDER)).post("/namespace/directories").then().statusCode(401)
                .body("detail", not(containsString("operators")));
        assertNothingChanged();
    }

    private List<String> loggedRefusals() {
        synchronized (refusals) {
            return refusals.stream().map(record -> record.getParameters() == null ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters())).toList();
        }
    }

    /** No refused call registered a server, made a folder or began an upload. */
    private static void assertNothingChanged() {
        List<String> servers = MetadataApi.given().get("/chunk-servers").then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(servers).doesNotContain(INTRUDER);
        MetadataApi.given().queryParam("path", FOLDER).get("/namespace/entries").then().statusCode(404);
        MetadataApi.given().queryParam("path", FOLDER + "/file").get("/uploads").then().statusCode(404);
    }
}
