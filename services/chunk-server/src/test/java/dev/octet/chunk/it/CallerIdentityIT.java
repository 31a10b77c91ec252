package dev.octet.chunk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.octet.platform.identity.ServiceId;
import dev.octet.platform.identity.TokenSigner;
import dev.octet.testing.TestIdentities;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A chunk server answers {@code /files} only to the gateway and {@code /chunks} only to other chunk servers:
 * a call with no identity, another service's, an expired one or an impostor's is refused before its body is
 * read, changes nothing, and is logged with the caller. Uploads through it (chunks pipelined to the other
 * server with this server's own token) work, which shows the identities that are right are accepted.
 */
class CallerIdentityIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String KEPT = "/identity/kept";
    private static final ServiceId GATEWAY = ServiceId.of("gateway");
    private static final ServiceId CHUNK_2 = ServiceId.of("chunk-server", FileSystemCluster.serverId(2));
    private static FileSystemCluster cluster;
    private static String keptDigest;

    @BeforeAll
    static void start() throws Exception {
        cluster = FileSystemCluster.start(2, Map.of("octet.metadata.replication-factor", "2", "octet.metadata.write-quorum", "2",
                "octet.metadata.chunk-size", "64K"));
        HttpResponse<String> put = Files.put(cluster.url(1), KEPT, 7, 200_000);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        keptDigest = Files.sha256(cluster.url(1), KEPT);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** One endpoint, whom it answers, and a request to it. */
    record Endpoint(String method, String path, String caller) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    enum Intruder {
        NONE, OTHER_SERVICE, EXPIRED, IMPOSTOR
    }

    static Stream<Arguments> attempts() {
        String chunk = UUID.randomUUID().toString();
        List<Endpoint> endpoints = List.of(
                new Endpoint("PUT", "/files/identity/new", "gateway"),
                new Endpoint("GET", "/files" + KEPT, "gateway"),
                new Endpoint("HEAD", "/files" + KEPT, "gateway"),
                new Endpoint("DELETE", "/files" + KEPT, "gateway"),
                new Endpoint("POST", "/files/identity/made?op=mkdir", "gateway"),
                new Endpoint("POST", "/files" + KEPT + "?op=rename&to=/identity/moved", "gateway"),
                new Endpoint("PUT", "/chunks/" + chunk, "chunk-server"),
                new Endpoint("GET", "/chunks/" + chunk + "?length=10&from=0&to=0", "chunk-server"));
        return endpoints.stream().flatMap(endpoint -> Stream.of(Intruder.values()).map(intruder -> Arguments.of(endpoint, intruder)));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("attempts")
    void anyoneButItsCallerIsRefusedAndNothingChanges(Endpoint endpoint, Intruder intruder) throws Exception {
        ServiceId rightful = endpoint.caller().equals("gateway") ? GATEWAY : CHUNK_2;
        ServiceId wrong = endpoint.caller().equals("gateway") ? CHUNK_2 : GATEWAY;
        Optional<String> token = switch (intruder) {
            case NONE -> Optional.empty();
            case OTHER_SERVICE -> Optional.of(TestIdentities.token(wrong, "chunk-server"));
            case EXPIRED -> Optional.of(TestIdentities.expiredToken(rightful, "chunk-server"));
            case IMPOSTOR -> Optional.of(TestIdentities.strangersToken(rightful, "chunk-server"));
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.url(1) + endpoint.path()))
                .timeout(Duration.ofSeconds(30))
                .method(endpoint.method(), endpoint.method().equals("PUT")
                        ? HttpRequest.BodyPublishers.ofByteArray(new byte[4096]) : HttpRequest.BodyPublishers.noBody());
        token.ifPresent(value -> request.header(TokenSigner.HEADER, value));

        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(intruder == Intruder.OTHER_SERVICE ? 403 : 401);
        if (!endpoint.method().equals("HEAD")) {
            assertThat(response.body()).contains("Only the services " + endpoint.caller());
        }
        String caller = intruder == Intruder.OTHER_SERVICE ? "(" + wrong + ")" : "(unidentified)";
        String path = endpoint.path().replaceAll("\\?.*", "");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.log(FileSystemCluster.serverId(1)))
                .contains("Refused " + endpoint.method() + " " + path + " from 127.0.0.1").contains(caller));

        assertThat(Files.sha256(cluster.url(2), KEPT)).isEqualTo(keptDigest);
        assertThat(Files.getString(cluster.url(1), "/identity/new?op=stat").statusCode()).isEqualTo(404);
        assertThat(Files.getString(cluster.url(1), "/identity/made?op=stat").statusCode()).isEqualTo(404);
        assertThat(Files.getString(cluster.url(1), "/identity/moved?op=stat").statusCode()).isEqualTo(404);
    }
}
