package dev.octet.metadata.rest;

import static dev.octet.metadata.rest.MetadataApi.allocate;
import static dev.octet.metadata.rest.MetadataApi.begin;
import static dev.octet.metadata.rest.MetadataApi.commit;
import static dev.octet.metadata.rest.MetadataApi.heartbeats;
import static dev.octet.metadata.rest.MetadataApi.written;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class UploadProtocolTest {

    private static final long CHUNK = 64 * 1024;

    @BeforeEach
    void servers() {
        heartbeats("cs-a", "cs-b", "cs-c");
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
