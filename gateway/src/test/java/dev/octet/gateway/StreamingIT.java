package dev.octet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.gateway.support.Bodies;
import dev.octet.gateway.support.FakeService;
import dev.octet.local.ManagedProcess;
import dev.octet.local.Ports;
import dev.octet.local.Readiness;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway, in its own process with a heap far smaller than the bodies it carries, moves a
 * 1 GiB upload and a 1 GiB download intact: it streams, it does not buffer. Its route to the stand-in
 * file service exists only in environment variables, as the devstack, compose and k8s will add it.
 */
class StreamingIT {

    private static final long ONE_GIB = 1L << 30;
    private static final String HEAP = "-Xmx64m";
    private static final String DIRECT_MEMORY = "-XX:MaxDirectMemorySize=64m";

    private static Vertx vertx;
    private static FakeService files;
    private static ManagedProcess gateway;
    private static int gatewayPort;
    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startGatewayAndFileService() throws Exception {
        vertx = Vertx.vertx();
        files = new FakeService(vertx, "file-service").start();
        gatewayPort = Ports.free();
        Path jar = Path.of(System.getProperty("gateway.app", "target/quarkus-app/quarkus-run.jar"));
        assertThat(jar).as("the packaged gateway (mvn package)").exists();
        Path log = Files.createTempDirectory("octet-gateway-it").resolve("gateway.log");
        gateway = ManagedProcess.start("gateway", List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        HEAP, DIRECT_MEMORY, "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString()),
                Map.of("QUARKUS_HTTP_PORT", Integer.toString(gatewayPort),
                        "QUARKUS_OTEL_SDK_DISABLED", "true",
                        "OCTET_GATEWAY_ROUTES_FILES_SERVICE", "file-service",
                        "OCTET_GATEWAY_ROUTES_FILES_PREFIX", "/api/files",
                        "OCTET_GATEWAY_ROUTES_FILES_UPSTREAM_PATH", "/files",
                        "OCTET_GATEWAY_ROUTES_FILES_TARGETS", files.url(),
                        "OCTET_GATEWAY_ROUTES_FILES_AUTH", "none"),
                jar.getParent(), log);
        Readiness.await(gateway, "its readiness check", Duration.ofSeconds(60), () -> status("/q/health/ready") == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void uploadsOneGibibyteThroughASmallHeap() throws Exception {
        HttpRequest upload = HttpRequest.newBuilder(uri("/api/files/blobs/big.bin"))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> Bodies.stream(ONE_GIB)), ONE_GIB))
                .build();

        HttpResponse<String> response = client.send(upload, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(gateway.tail(20)).isEqualTo(200);
        JsonObject received = new JsonObject(response.body());
        assertThat(received.getString("uri")).isEqualTo("/files/blobs/big.bin");
        assertThat(received.getLong("bodyBytes")).isEqualTo(ONE_GIB);
        assertThat(received.getString("bodyCrc")).isEqualTo(Long.toHexString(Bodies.crcOf(ONE_GIB)));
        assertThat(gateway.isAlive()).isTrue();
    }

    @Test
    void downloadsOneGibibyteThroughASmallHeap() throws Exception {
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(uri("/api/files/download/" + ONE_GIB)).build(),
                HttpResponse.BodyHandlers.ofInputStream());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(ONE_GIB);
        try (InputStream body = response.body()) {
            assertThat(Bodies.crcOf(body)).isEqualTo(Bodies.crcOf(ONE_GIB));
        }
        assertThat(gateway.isAlive()).isTrue();
        assertThat(status("/q/health/live")).isEqualTo(200);
    }

    @Test
    void traceContextSurvivesWithTracingSwitchedOff() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/files/meta"))
                .header("traceparent", traceparent).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        String forwarded = new JsonObject(response.body()).getJsonObject("headers").getString("traceparent");
        assertThat(forwarded).isNotNull();
        assertThat(forwarded.split("-")[1]).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gatewayPort + path);
    }

    private static int status(String path) {
        try {
            return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
