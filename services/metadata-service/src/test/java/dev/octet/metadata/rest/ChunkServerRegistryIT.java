package dev.octet.metadata.rest;

import static dev.octet.metadata.rest.MetadataApi.allocate;
import static dev.octet.metadata.rest.MetadataApi.begin;
import static dev.octet.metadata.rest.MetadataApi.blockReport;
import static dev.octet.metadata.rest.MetadataApi.commit;
import static dev.octet.metadata.rest.MetadataApi.given;
import static dev.octet.metadata.rest.MetadataApi.heartbeat;
import static dev.octet.metadata.rest.MetadataApi.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.octet.testing.IdentityResource;
import dev.octet.testing.KafkaResource;
import dev.octet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The registry and the background work, driven through the chunk servers' side of the API. Each test
 * uses its own server ids, and keeps the servers it needs alive by heartbeating them while it waits.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = IdentityResource.class, restrictToAnnotatedClass = false)
class ChunkServerRegistryIT {

    @Test
    void aSilentServerIsMarkedDeadAndItsChunksAreCopiedElsewhere() {
        String prefix = "dead-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> servers = List.of(prefix + "1", prefix + "2", prefix + "3", prefix + "4");
        // Place one chunk on three of the four servers.
        Stored stored = storeOneChunk(servers);
        String victim = stored.replicas().get(0);
        String spare = servers.stream().filter(id -> !stored.replicas().contains(id)).findFirst().orElseThrow();
        List<String> survivors = servers.stream().filter(id -> !id.equals(victim)).toList();

        // The victim goes silent; the others go on heartbeating until one of them is told to copy the chunk to the spare.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (String id : survivors) {
                JsonPath reply = heartbeat(id, List.of()).statusCode(200).extract().jsonPath();
                if (reply.getList("replicate.chunkId").contains(stored.chunkId())
                        && spare.equals(reply.getString("replicate.find { it.chunkId == '" + stored.chunkId() + "' }.target.id"))) {
                    return true;
                }
            }
            return false;
        });
        JsonPath servers2 = given().get("/chunk-servers").then().statusCode(200).extract().jsonPath();
        assertThat(servers2.getString("find { it.id == '" + victim + "' }.state")).isEqualTo("DEAD");

        // The copy arrives: the chunk has its three live replicas again.
        given().contentType(ContentType.JSON).body(Map.of("serverId", spare))
                .post("/chunks/{id}/replicas", stored.chunkId()).then().statusCode(204);
        JsonPath chunk = given().get("/chunks/{id}", stored.chunkId()).then().statusCode(200).extract().jsonPath();
        assertThat(chunk.getList("replicas.serverId")).contains(spare);
    }

    @Test
    void aBlockReportOrdersOrphansDeletedAndForgetsLostReplicas() {
        String prefix = "report-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> servers = List.of(prefix + "1", prefix + "2", prefix + "3");
        Stored stored = storeOneChunk(servers);
        String reporter = stored.replicas().get(0);
        UUID orphan = UUID.randomUUID();

        // The server holds an orphan, and has lost its replica of the stored chunk.
        JsonPath reply = blockReport(reporter, OffsetDateTime.now().plusSeconds(1), List.of(orphan)).statusCode(200)
                .extract().jsonPath();

        assertThat(reply.getList("deleteChunks")).containsExactly(orphan.toString());
        JsonPath chunk = given().get("/chunks/{id}", stored.chunkId()).then().statusCode(200).extract().jsonPath();
        assertThat(chunk.getList("replicas.serverId")).doesNotContain(reporter).hasSize(stored.replicas().size() - 1);
    }

    @Test
    void aCorruptReplicaIsDroppedAndItsDeletionOrdered() {
        String prefix = "corrupt-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> servers = List.of(prefix + "1", prefix + "2", prefix + "3");
        Stored stored = storeOneChunk(servers);
        String bad = stored.replicas().get(1);

        given().contentType(ContentType.JSON).body(Map.of("serverId", bad, "reason", "corrupt"))
                .post("/chunks/{id}/bad-replicas", stored.chunkId()).then().statusCode(204);

        JsonPath chunk = given().get("/chunks/{id}", stored.chunkId()).then().statusCode(200).extract().jsonPath();
        assertThat(chunk.getList("replicas.serverId")).doesNotContain(bad);
        JsonPath reply = heartbeat(bad, List.of()).statusCode(200).extract().jsonPath();
        assertThat(reply.getList("deleteChunks")).contains(stored.chunkId());
        // Once the server confirms the deletion, the order is not repeated.
        heartbeat(bad, List.of(UUID.fromString(stored.chunkId()))).statusCode(200);
        assertThat(heartbeat(bad, List.of()).statusCode(200).extract().jsonPath().getList("deleteChunks"))
                .doesNotContain(stored.chunkId());
    }

    @Test
    void chunksOfADeletedFileAreCollectedAfterTheGracePeriod() {
        String prefix = "gc-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> servers = List.of(prefix + "1", prefix + "2", prefix + "3");
        Stored stored = storeOneChunk(servers);
        given().queryParam("path", stored.path()).delete("/namespace/entries").then().statusCode(204);

        List<String> toldToDelete = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (String id : stored.replicas()) {
                if (heartbeat(id, List.of()).statusCode(200).extract().jsonPath().getList("deleteChunks")
                        .contains(stored.chunkId()) && !toldToDelete.contains(id)) {
                    toldToDelete.add(id);
                }
            }
            return toldToDelete.size() == stored.replicas().size();
        });
        given().get("/chunks/{id}", stored.chunkId()).then().statusCode(404);
    }

    private record Stored(String path, String chunkId, List<String> replicas) {
    }

    private static Stored storeOneChunk(List<String> candidates) {
        try (Heartbeater alive = Heartbeater.start(candidates)) {
            // Servers of earlier tests fall silent; wait until only this test's servers are alive.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                JsonPath all = given().get("/chunk-servers").then().statusCode(200).extract().jsonPath();
                return candidates.containsAll(all.getList("findAll { it.state == 'ALIVE' }.id"));
            });
            String path = "/registry/" + UUID.randomUUID();
            JsonPath lease = begin(path, 1000, "w").statusCode(201).extract().jsonPath();
            String upload = lease.getString("uploadId");
            long generation = lease.getLong("generation");
            JsonPath chunk = allocate(upload, generation, 0).statusCode(200).extract().jsonPath();
            List<String> targets = chunk.getList("targets.id");
            assertThat(candidates).containsAll(targets);
            assertThat(targets).hasSize(3);
            written(upload, generation, 0, chunk.getString("chunkId"), 1000, targets).statusCode(204);
            commit(upload, generation).statusCode(200);
            return new Stored(path, chunk.getString("chunkId"), targets);
        }
    }
}
