package dev.octet.metadata.rest;

import static dev.octet.metadata.rest.MetadataApi.allocate;
import static dev.octet.metadata.rest.MetadataApi.batch;
import static dev.octet.metadata.rest.MetadataApi.begin;
import static dev.octet.metadata.rest.MetadataApi.commit;
import static dev.octet.metadata.rest.MetadataApi.given;
import static dev.octet.metadata.rest.MetadataApi.stored;
import static dev.octet.metadata.rest.MetadataApi.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.octet.testing.IdentityResource;
import dev.octet.testing.KafkaResource;
import dev.octet.testing.PostgresResource;
import dev.octet.testing.TestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = IdentityResource.class, restrictToAnnotatedClass = false)
class UploadProtocolIT {

    private static final long CHUNK = 64 * 1024;

    private Heartbeater servers;

    @BeforeEach
    void startServers() {
        servers = Heartbeater.start(List.of("cs-a", "cs-b", "cs-c"));
    }

    @AfterEach
    void stopServers() {
        servers.close();
    }

    @Test
    void aFileAppearsOnlyWhenItsUploadCommits() {
        String path = "/proto/" + UUID.randomUUID() + "/data.bin";
        long size = 2 * CHUNK + 100;
        JsonPath lease = begin(path, size, "writer-1").statusCode(201).extract().jsonPath();
        String upload = lease.getString("uploadId");
        long generation = lease.getLong("generation");
        assertThat(lease.getInt("chunks")).isEqualTo(3);

        for (int index = 0; index < 3; index++) {
            JsonPath chunk = allocate(upload, generation, index).statusCode(200).extract().jsonPath();
            List<String> targets = chunk.getList("targets.id");
            assertThat(new HashSet<>(targets)).hasSize(3);
            assertThat(chunk.getLong("size")).isEqualTo(index < 2 ? CHUNK : 100);
            given().queryParam("path", path).get("/read-plans").then().statusCode(404);
            written(upload, generation, index, chunk.getString("chunkId"), chunk.getLong("size"), targets.subList(0, 2))
                    .statusCode(204);
        }
        given().queryParam("path", path).get("/uploads").then().statusCode(200)
                .body("state", equalTo("UPLOADING")).body("bytesReceived", equalTo((int) size));

        JsonPath committed = commit(upload, generation).statusCode(200).extract().jsonPath();
        assertThat(committed.getLong("size")).isEqualTo(size);
        assertThat(committed.getString("etag")).hasSize(32);
        // A commit repeated after a lost answer gets the same answer.
        commit(upload, generation).statusCode(200).body("etag", equalTo(committed.getString("etag")));

        JsonPath plan = given().queryParam("path", path).get("/read-plans").then().statusCode(200).extract().jsonPath();
        assertThat(plan.getList("chunks.offset", Long.class)).containsExactly(0L, CHUNK, 2 * CHUNK);
        assertThat(plan.getList("chunks[0].replicas")).hasSize(2);
    }

    @Test
    void aSmallFileTakesTwoRoundTripsTheLeaseBringsItsChunkAndTheCommitItsReport() {
        String path = "/proto/" + UUID.randomUUID() + "/small.bin";
        JsonPath lease = begin(path, 100, "writer-1", 8).statusCode(201).extract().jsonPath();
        String upload = lease.getString("uploadId");
        long generation = lease.getLong("generation");
        assertThat(lease.getList("allocations")).as("the file has one chunk").hasSize(1);
        String chunkId = lease.getString("allocations[0].chunkId");
        List<String> targets = lease.getList("allocations[0].targets.id", String.class);
        assertThat(new HashSet<>(targets)).hasSize(3);
        assertThat(lease.getLong("allocations[0].size")).isEqualTo(100);
        // A retried begin is the same upload with the same chunk.
        begin(path, 100, "writer-1", 8).statusCode(201).body("uploadId", equalTo(upload))
                .body("allocations[0].chunkId", equalTo(chunkId));

        commit(upload, generation, List.of(stored(0, chunkId, 100, targets.subList(0, 1)))).statusCode(409)
                .body("type", equalTo("https://octet.dev/problems/write-quorum-not-met"));
        given().queryParam("path", path).get("/read-plans").then().statusCode(404);

        commit(upload, generation, List.of(stored(0, chunkId, 100, targets.subList(0, 2)))).statusCode(200)
                .body("size", equalTo(100));
        JsonPath plan = given().queryParam("path", path).get("/read-plans").then().statusCode(200).extract().jsonPath();
        assertThat(plan.getString("chunks[0].id")).isEqualTo(chunkId);
        assertThat(plan.getList("chunks[0].replicas.id", String.class)).containsExactlyInAnyOrderElementsOf(targets.subList(0, 2));
    }

    @Test
    void aBatchReportsStoredChunksAndAllocatesTheNextOnesInOneCall() {
        String path = "/proto/" + UUID.randomUUID();
        JsonPath lease = begin(path, 4 * CHUNK + 10, "writer-1", 2).statusCode(201).extract().jsonPath();
        String upload = lease.getString("uploadId");
        long generation = lease.getLong("generation");
        assertThat(lease.getList("allocations.index", Integer.class)).containsExactly(0, 1);
        String first = lease.getString("allocations[0].chunkId");
        List<String> targets = lease.getList("allocations[0].targets.id", String.class);

        JsonPath next = batch(upload, generation, List.of(stored(0, first, CHUNK, targets)), 2, 2).statusCode(200)
                .extract().jsonPath();
        assertThat(next.getList("allocations.index", Integer.class)).containsExactly(2, 3);
        assertThat(next.getList("allocations.size", Long.class)).containsExactly(CHUNK, CHUNK);
        // Repeated (its answer lost), the call allocates nothing new.
        batch(upload, generation, List.of(stored(0, first, CHUNK, targets)), 2, 2).statusCode(200)
                .body("allocations.chunkId", equalTo(next.getList("allocations.chunkId")));
        given().queryParam("path", path).get("/uploads").then().statusCode(200)
                .body("chunksWritten", equalTo(1)).body("bytesReceived", equalTo((int) CHUNK));

        // Asking past the end allocates what the file has: chunk 4, of 10 bytes.
        JsonPath last = batch(upload, generation, List.of(), 4, 64).statusCode(200).extract().jsonPath();
        assertThat(last.getList("allocations.index", Integer.class)).containsExactly(4);
        assertThat(last.getLong("allocations[0].size")).isEqualTo(10);

        List<java.util.Map<String, Object>> rest = new ArrayList<>();
        // Each chunk is reported stored on its own targets (servers of other tests may still be alive).
        rest.add(stored(1, lease.getString("allocations[1].chunkId"), CHUNK, lease.getList("allocations[1].targets.id")));
        rest.add(stored(2, next.getString("allocations[0].chunkId"), CHUNK, next.getList("allocations[0].targets.id")));
        rest.add(stored(3, next.getString("allocations[1].chunkId"), CHUNK, next.getList("allocations[1].targets.id")));
        // A chunk reported under the wrong index is refused.
        batch(upload, generation, List.of(stored(3, first, CHUNK, targets)), 0, 0).statusCode(400);
        // A refused commit records none of its reports.
        commit(upload, generation, rest).statusCode(409).body("type", equalTo("https://octet.dev/problems/upload-incomplete"));
        given().queryParam("path", path).get("/uploads").then().body("chunksWritten", equalTo(1));

        rest.add(stored(4, last.getString("allocations[0].chunkId"), 10, last.getList("allocations[0].targets.id")));
        commit(upload, generation, rest).statusCode(200).body("size", equalTo((int) (4 * CHUNK + 10)));
        JsonPath plan = given().queryParam("path", path).get("/read-plans").then().statusCode(200).extract().jsonPath();
        assertThat(plan.getList("chunks.index", Integer.class)).containsExactly(0, 1, 2, 3, 4);
        assertThat(plan.getList("chunks.id", String.class)).startsWith(first).doesNotHaveDuplicates();
    }

    @Test
    void aSecondWriterIsRefusedAndAWriterWhoseLeaseExpiredCannotCommit() {
        String path = "/proto/" + UUID.randomUUID();
        JsonPath first = begin(path, 0, "writer-1").statusCode(201).extract().jsonPath();

        begin(path, 0, "writer-2").statusCode(409).body("type", equalTo("https://octet.dev/problems/lease-held"));
        // The same writer asking again (a retry) gets its own lease back.
        begin(path, 0, "writer-1").statusCode(201).body("uploadId", equalTo(first.getString("uploadId")));

        JsonPath second = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                .until(() -> begin(path, 0, "writer-2").extract(), response -> response.statusCode() == 201).jsonPath();

        assertThat(second.getLong("generation")).isEqualTo(first.getLong("generation") + 1);
        commit(first.getString("uploadId"), first.getLong("generation")).statusCode(409)
                .body("type", equalTo("https://octet.dev/problems/lease-lost"));
        commit(second.getString("uploadId"), second.getLong("generation")).statusCode(200).body("generation", equalTo(2));
    }

    @Test
    void anUploadWithAMissingChunkCannotCommit() {
        String path = "/proto/" + UUID.randomUUID();
        JsonPath lease = begin(path, CHUNK + 1, "writer-1").statusCode(201).extract().jsonPath();
        JsonPath chunk = allocate(lease.getString("uploadId"), lease.getLong("generation"), 0).extract().jsonPath();
        written(lease.getString("uploadId"), lease.getLong("generation"), 0, chunk.getString("chunkId"), CHUNK,
                chunk.getList("targets.id", String.class).subList(0, 2)).statusCode(204);

        commit(lease.getString("uploadId"), lease.getLong("generation")).statusCode(409)
                .body("type", equalTo("https://octet.dev/problems/upload-incomplete"));
        given().queryParam("path", path).get("/namespace/entries").then().statusCode(404);
    }

    @Test
    void aChunkStoredBelowTheWriteQuorumIsRefused() {
        JsonPath lease = begin("/proto/" + UUID.randomUUID(), 10, "writer-1").statusCode(201).extract().jsonPath();
        JsonPath chunk = allocate(lease.getString("uploadId"), lease.getLong("generation"), 0).extract().jsonPath();
        written(lease.getString("uploadId"), lease.getLong("generation"), 0, chunk.getString("chunkId"), 10,
                chunk.getList("targets.id", String.class).subList(0, 1)).statusCode(409)
                .body("type", equalTo("https://octet.dev/problems/write-quorum-not-met"));
    }

    @Test
    void commitsAndDeletesAreAnnouncedOnTheFilesTopic() {
        String path = "/events/" + UUID.randomUUID();
        JsonPath lease = begin(path, 0, "writer-1").statusCode(201).extract().jsonPath();
        commit(lease.getString("uploadId"), lease.getLong("generation")).statusCode(200);
        given().queryParam("path", path).delete("/namespace/entries").then().statusCode(204);

        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.subscribe(List.of("files"));
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (path.equals(record.key())) {
                        seen.add(new String(record.headers().lastHeader("ce_type").value()));
                    }
                }
                return seen.size() >= 2;
            });
            assertThat(seen).containsExactly("file.committed", "file.deleted");
        }
    }

    private static KafkaConsumer<String, String> consumer() {
        Properties properties = new Properties();
        properties.putAll(Map.of("bootstrap.servers", TestInfrastructure.kafkaBootstrapServers(),
                "group.id", "test-" + UUID.randomUUID(), "auto.offset.reset", "earliest"));
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }
}
