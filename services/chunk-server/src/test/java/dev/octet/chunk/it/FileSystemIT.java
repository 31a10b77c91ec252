package dev.octet.chunk.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.octet.chunk.format.VerifiedChunkStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The file system end to end, as separate processes: a metadata service and four chunk servers
 * (replication factor 3, write quorum 2, 1 MiB chunks), each with a 256 MiB heap. The later tests
 * kill processes; each brings the cluster back to four live servers before it ends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FileSystemIT {

    static final int CHUNK = 1024 * 1024;
    static final int SERVERS = 4;

    static FileSystemCluster cluster;
    /** Background uploads and readers run here, not on the (possibly one-thread) common pool. */
    static final java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newCachedThreadPool();
    /** Every file this class leaves in place, so the garbage check knows what must remain. */
    static final Set<String> livePaths = new HashSet<>();

    @BeforeAll
    static void start() {
        cluster = FileSystemCluster.start(SERVERS, Map.of(
                "octet.metadata.chunk-size", "1M",
                "octet.metadata.replication-factor", "3",
                "octet.metadata.write-quorum", "2",
                "octet.metadata.lease-duration", "15s",
                "octet.metadata.dead-after", "3s",
                "octet.metadata.gc-grace", "2s",
                "octet.metadata.replication-interval", "1s",
                "octet.metadata.replication-timeout", "15s",
                "octet.metadata.block-report-margin", "2s"));
    }

    @AfterAll
    static void stop() {
        clients.shutdownNow();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void filesOfEverySizeComeBackByteForByte() throws Exception {
        long[] sizes = {0, 1, 65_535, CHUNK - 1, CHUNK, CHUNK + 1, 2L * CHUNK + CHUNK / 2 + 7};
        for (int i = 0; i < sizes.length; i++) {
            String path = "/roundtrip/size-" + sizes[i];
            HttpResponse<String> put = Files.put(cluster.url(1 + i % SERVERS), path, i, sizes[i]);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            JsonNode status = FileSystemCluster.JSON.readTree(put.body());
            assertThat(status.path("size").asLong()).isEqualTo(sizes[i]);
            assertThat(put.headers().firstValue("ETag")).contains("\"" + status.path("etag").asText() + "\"");

            String reader = cluster.url(1 + (i + 1) % SERVERS);
            assertThat(Files.sha256(reader, path)).as("size %d", sizes[i]).isEqualTo(Content.sha256(i, sizes[i]));
            livePaths.add(path);
        }
    }

    @Test
    @Order(2)
    void anUploadTalksToTheMetadataServiceInBatchesNotPerChunk() throws Exception {
        Map<String, Long> before = cluster.metadataRequests();
        assertThat(Files.put(cluster.url(2), "/batches/small", 11, 1000).statusCode()).isEqualTo(201);
        livePaths.add("/batches/small");
        // The metadata service counts a request once its answer is sent, so a moment after the client saw it.
        Map<String, Long> afterSmall = metadataRequestsOnceCommitted(before);
        // One chunk: the lease brings its allocation, the commit carries its report.
        assertThat(increase(before, afterSmall, "POST /uploads")).isEqualTo(1);
        assertThat(increase(before, afterSmall, "POST /uploads/{id}/commit")).isEqualTo(1);
        assertThat(increase(before, afterSmall, "POST /uploads/{id}/chunk-batches")).isZero();

        long size = 8L * CHUNK;
        assertThat(Files.put(cluster.url(3), "/batches/large", 12, size).statusCode()).isEqualTo(201);
        livePaths.add("/batches/large");
        Map<String, Long> afterLarge = metadataRequestsOnceCommitted(afterSmall);
        assertThat(increase(afterSmall, afterLarge, "POST /uploads/{id}/chunk-batches")).isBetween(1L, 3L);
        assertThat(increase(before, afterLarge, "POST /uploads/{id}/chunks")).as("single allocations").isZero();
        assertThat(increase(before, afterLarge, "PUT /uploads/{id}/chunks/{index}")).as("single reports").isZero();
        assertThat(Files.sha256(cluster.url(4), "/batches/large")).isEqualTo(Content.sha256(12, size));
    }

    @Test
    @Order(3)
    void rangeReadsAcrossChunkBoundariesReturnExactlyThoseBytes() throws Exception {
        int size = 3 * CHUNK + 100;
        byte[] expected = Content.bytes(77, size);
        assertThat(Files.put(cluster.url(2), "/ranges/file", 77, size).statusCode()).isEqualTo(201);
        livePaths.add("/ranges/file");

        long[][] ranges = {{CHUNK - 10, CHUNK + 9}, {CHUNK - 1, 2L * CHUNK}, {0, 3L * CHUNK + 99}, {2L * CHUNK + 5, size - 1},
                {65_530, 65_545}};
        for (long[] range : ranges) {
            HttpResponse<byte[]> response = Files.getBytes(cluster.url(3), "/ranges/file",
                    Map.of("Range", "bytes=" + range[0] + "-" + range[1]));
            assertThat(response.statusCode()).isEqualTo(206);
            assertThat(response.headers().firstValue("Content-Range")).contains("bytes " + range[0] + "-" + range[1] + "/" + size);
            assertThat(response.body()).isEqualTo(Arrays.copyOfRange(expected, (int) range[0], (int) range[1] + 1));
        }
        HttpResponse<byte[]> suffix = Files.getBytes(cluster.url(4), "/ranges/file", Map.of("Range", "bytes=-150"));
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(expected, size - 150, size));
    }

    @Test
    @Order(4)
    void etagsListingsAndDeletesBehaveLikeHttp() throws Exception {
        HttpResponse<String> put = Files.put(cluster.url(1), "/listing/a.bin", 5, 1000);
        Files.put(cluster.url(1), "/listing/b.bin", 6, 2000);
        String etag = put.headers().firstValue("ETag").orElseThrow();

        assertThat(Files.getBytes(cluster.url(2), "/listing/a.bin", Map.of("If-None-Match", etag)).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> stale = Files.getBytes(cluster.url(2), "/listing/a.bin",
                Map.of("Range", "bytes=0-9", "If-Range", "\"not-the-etag\""));
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).hasSize(1000);

        JsonNode listing = FileSystemCluster.JSON.readTree(Files.getString(cluster.url(3), "/listing").body());
        assertThat(listing.path("entries").findValuesAsText("name")).containsExactly("a.bin", "b.bin");

        assertThat(Files.delete(cluster.url(4), "/listing/a.bin").statusCode()).isEqualTo(204);
        assertThat(Files.getString(cluster.url(1), "/listing/a.bin").statusCode()).isEqualTo(404);
        livePaths.add("/listing/b.bin");
    }

    @Test
    @Order(5)
    void badInputGetsAClearClientError() throws Exception {
        Files.put(cluster.url(1), "/bad/file", 9, 5000);
        livePaths.add("/bad/file");
        String server = cluster.url(2);
        assertProblem(Files.getString(server, "/a/../b"), 400, "invalid-path");
        assertProblem(Files.getString(server, "/a/%2e%2e/b"), 400, "invalid-path");
        assertProblem(Files.getString(server, "/a//b"), 400, "invalid-path");
        assertProblem(Files.put(server, "/bad/" + "n".repeat(300), 1, 10), 400, "invalid-path");
        assertProblem(Files.put(server, "/bad/file/below", 1, 10), 409, "not-a-directory");

        for (String range : List.of("bytes=abc", "bytes=9-3", "bytes=0-1,5-6", "lines=1-2")) {
            HttpResponse<byte[]> response = Files.getBytes(server, "/bad/file", Map.of("Range", range));
            assertThat(response.statusCode()).as(range).isEqualTo(400);
        }
        HttpResponse<byte[]> beyond = Files.getBytes(server, "/bad/file", Map.of("Range", "bytes=5000-"));
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */5000");
    }

    @Test
    @Order(6)
    void oneWriterAtATimeAndItsProgressIsVisible() throws Exception {
        String path = "/writers/contested";
        long size = 3L * CHUNK;
        CountDownLatch gate = new CountDownLatch(1);
        AtomicLong sent = new AtomicLong();
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> uncheckedPut(cluster.url(1), path,
                Content.gated(1, size, CHUNK + CHUNK / 2, gate, sent), size), clients);

        await().atMost(Duration.ofSeconds(30)).until(() -> progress(path).path("bytesReceived").asLong() >= CHUNK);
        JsonNode progress = progress(path);
        assertThat(progress.path("state").asText()).isEqualTo("UPLOADING");
        assertThat(progress.path("bytesReceived").asLong()).isLessThan(size);

        HttpResponse<String> second = Files.put(cluster.url(2), path, 2, 1000);
        assertProblem(second, 409, "lease-held");
        assertThat(Files.getString(cluster.url(3), path).statusCode()).as("not visible before commit").isEqualTo(404);

        gate.countDown();
        assertThat(first.get().statusCode()).as(first.get().body()).isEqualTo(201);
        assertThat(Files.sha256(cluster.url(4), path)).isEqualTo(Content.sha256(1, size));
        livePaths.add(path);
    }

    @Test
    @Order(7)
    void readersDuringARewriteSeeTheOldOrTheNewVersionNeverAMix() throws Exception {
        String path = "/rewrite/file";
        long size = 8L * CHUNK;
        assertThat(Files.put(cluster.url(1), path, 100, size).statusCode()).isEqualTo(201);
        String oldDigest = Content.sha256(100, size);
        String newDigest = Content.sha256(200, size);

        // A reader starts on the old version and is only half-way when the new version commits.
        HttpResponse<InputStream> slowReader = Files.get(cluster.url(2), path, Map.of());
        InputStream body = slowReader.body();
        byte[] head = body.readNBytes(100_000);
        List<CompletableFuture<String>> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int server = 1 + i % SERVERS;
            readers.add(CompletableFuture.supplyAsync(() -> uncheckedSha(cluster.url(server), path), clients));
        }
        assertThat(Files.put(cluster.url(3), path, 200, size).statusCode()).isEqualTo(201);
        readers.add(CompletableFuture.supplyAsync(() -> uncheckedSha(cluster.url(4), path), clients));

        InputStream rest = body;
        String slowDigest = Content.sha256(new java.io.SequenceInputStream(new ByteArrayInputStream(head), rest));
        assertThat(slowDigest).isEqualTo(oldDigest);
        for (CompletableFuture<String> reader : readers) {
            assertThat(reader.get()).isIn(oldDigest, newDigest);
        }
        assertThat(Files.sha256(cluster.url(1), path)).isEqualTo(newDigest);
        livePaths.add(path);
    }

    @Test
    @Order(8)
    void aCorruptReplicaIsDetectedServedFromAnotherAndRepaired() throws Exception {
        String path = "/corrupt/file";
        long size = 2L * CHUNK;
        assertThat(Files.put(cluster.url(1), path, 300, size).statusCode()).isEqualTo(201);
        livePaths.add(path);
        JsonNode chunk = locations(path).path("chunks").get(0);
        String chunkId = chunk.path("id").asText();
        int victim = cluster.indexOf(chunk.path("replicas").get(0).path("id").asText());

        cluster.corruptOnDisk(victim, chunkId, 5000);

        // The victim reads its own replica first: it must notice, and serve the chunk from another replica.
        assertThat(Files.sha256(cluster.url(victim), path)).isEqualTo(Content.sha256(300, size));
        // The bad replica is dropped and the chunk copied back to three good replicas.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            List<String> holders = cluster.chunk(chunkId).path("replicas").findValuesAsText("serverId");
            assertThat(holders).hasSize(3);
            for (String holder : holders) {
                byte[] stored = cluster.storedObject(cluster.indexOf(holder), chunkId);
                new VerifiedChunkStream(new ByteArrayInputStream(stored), CHUNK).readAllBytes();
            }
        });
    }

    @Test
    @Order(9)
    void aChunkServerKilledAfterAnUploadCostsNoReadsAndItsReplicasAreRestored() throws Exception {
        String path = "/killed-after/file";
        long size = 3L * CHUNK + 5;
        assertThat(Files.put(cluster.url(1), path, 400, size).statusCode()).isEqualTo(201);
        livePaths.add(path);
        int victim = cluster.indexOf(locations(path).path("chunks").get(0).path("replicas").get(0).path("id").asText());
        int reader = victim % SERVERS + 1;

        cluster.killChunkServer(victim);

        assertThat(Files.sha256(cluster.url(reader), path)).isEqualTo(Content.sha256(400, size));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode health = cluster.replicationHealth();
            assertThat(health.path("serversDead").asInt()).isEqualTo(1);
            assertThat(health.path("underReplicated").asInt()).isZero();
            assertThat(health.path("missing").asInt()).isZero();
        });
        assertThat(Files.sha256(cluster.url(reader), path)).isEqualTo(Content.sha256(400, size));

        cluster.restartChunkServer(victim);
        cluster.awaitAlive(SERVERS);
    }

    @Test
    @Order(10)
    void aChunkServerKilledDuringAnUploadNeverLeavesAFileWithMissingChunks() throws Exception {
        String path = "/killed-during/file";
        long size = 6L * CHUNK;
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> upload = CompletableFuture.supplyAsync(() -> uncheckedPut(cluster.url(1), path,
                Content.gated(500, size, 2L * CHUNK + CHUNK / 2, gate, new AtomicLong()), size), clients);
        await().atMost(Duration.ofSeconds(30)).until(() -> progress(path).path("bytesReceived").asLong() >= 2L * CHUNK);

        int victim = 3;
        cluster.killChunkServer(victim);
        gate.countDown();

        HttpResponse<String> result = upload.get();
        if (result.statusCode() == 201) {
            assertThat(Files.sha256(cluster.url(2), path)).isEqualTo(Content.sha256(500, size));
            for (JsonNode chunk : locations(path).path("chunks")) {
                assertThat(chunk.path("replicas").size()).as("live replicas of chunk %s", chunk.path("index")).isPositive();
            }
            livePaths.add(path);
        } else {
            assertThat(result.statusCode()).as(result.body()).isGreaterThanOrEqualTo(500);
            assertThat(Files.getString(cluster.url(2), path).statusCode()).isEqualTo(404);
        }
        cluster.restartChunkServer(victim);
        cluster.awaitAlive(SERVERS);
    }

    @Test
    @Order(11)
    void theMetadataServiceRestartedMidUploadLeavesNoOrphans() throws Exception {
        String path = "/metadata-restart/file";
        long size = 4L * CHUNK;
        CountDownLatch gate = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> upload = CompletableFuture.supplyAsync(() -> uncheckedPut(cluster.url(2), path,
                Content.gated(600, size, CHUNK + CHUNK / 2, gate, new AtomicLong()), size), clients);
        await().atMost(Duration.ofSeconds(60)).until(() -> progress(path).path("bytesReceived").asLong() >= CHUNK);

        cluster.killMetadata();
        cluster.restartMetadata();
        gate.countDown();

        HttpResponse<String> result = upload.get();
        if (result.statusCode() == 201) {
            assertThat(Files.sha256(cluster.url(3), path)).isEqualTo(Content.sha256(600, size));
            livePaths.add(path);
        } else {
            assertThat(result.statusCode()).as(result.body()).isGreaterThanOrEqualTo(400);
        }
        cluster.awaitAlive(SERVERS);
        assertNoOrphans();
    }

    /** After garbage collection every stored replica belongs to a live file, and every replica it lists exists. */
    private void assertNoOrphans() {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Set<String> expected = new HashSet<>();
            for (String path : livePaths) {
                for (JsonNode chunk : locations(path).path("chunks")) {
                    for (JsonNode replica : chunk.path("replicas")) {
                        expected.add(replica.path("id").asText() + ":" + chunk.path("id").asText());
                    }
                }
            }
            JsonNode health = cluster.replicationHealth();
            assertThat(health.path("underReplicated").asInt()).as(health.toString()).isZero();
            assertThat(health.path("overReplicated").asInt()).as(health.toString()).isZero();
            assertThat(cluster.storedReplicas()).isEqualTo(expected);
        });
    }

    /** The metadata service's request counts, once they show one more commit than {@code before}. */
    private static Map<String, Long> metadataRequestsOnceCommitted(Map<String, Long> before) {
        return await().atMost(Duration.ofSeconds(10)).until(cluster::metadataRequests,
                after -> increase(before, after, "POST /uploads/{id}/commit") >= 1);
    }

    private static long increase(Map<String, Long> before, Map<String, Long> after, String request) {
        return after.getOrDefault(request, 0L) - before.getOrDefault(request, 0L);
    }

    private static JsonNode progress(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = Files.getString(cluster.url(4), path + "?op=progress");
        return response.statusCode() == 200 ? FileSystemCluster.JSON.readTree(response.body()) : FileSystemCluster.JSON.createObjectNode();
    }

    private static JsonNode locations(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = Files.getString(cluster.url(1), path + "?op=locations");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return FileSystemCluster.JSON.readTree(response.body());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains("https://octet.dev/problems/" + type);
    }

    private static HttpResponse<String> uncheckedPut(String server, String path, InputStream body, long size) {
        try {
            return Files.put(server, path, body, size, Map.of());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String uncheckedSha(String server, String path) {
        try {
            return Files.sha256(server, path);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
