package dev.octet.metadata.rest;

import dev.octet.platform.identity.ServiceId;
import dev.octet.platform.identity.TokenSigner;
import dev.octet.testing.TestIdentities;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Calls to the metadata service as a chunk server makes them, for tests. */
final class MetadataApi {

    /** The chunk servers of these tests: one certificate for the whole service, so it speaks for any server id. */
    static final ServiceId CHUNK_SERVERS = ServiceId.of("chunk-server");

    private MetadataApi() {
    }

    /** A request as a chunk server sends it: with its service token. */
    static RequestSpecification given() {
        return RestAssured.given().header(TokenSigner.HEADER, TestIdentities.token(CHUNK_SERVERS, "metadata-service"));
    }

    static ValidatableResponse heartbeat(String serverId, List<UUID> deleted) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("url", "http://" + serverId + ".test", "capacityBytes", 1L << 40, "usedBytes", 0,
                        "chunkCount", 0, "deletedChunks", deleted))
                .post("/chunk-servers/{id}/heartbeats", serverId).then();
    }

    static void heartbeats(String... serverIds) {
        for (String id : serverIds) {
            heartbeat(id, List.of()).statusCode(200);
        }
    }

    static ValidatableResponse begin(String path, long size, String holder) {
        return given().contentType(ContentType.JSON).body(Map.of("path", path, "size", size, "holder", holder))
                .post("/uploads").then();
    }

    static ValidatableResponse begin(String path, long size, String holder, int allocate) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("path", path, "size", size, "holder", holder, "allocate", allocate))
                .post("/uploads").then();
    }

    /** A chunk reported stored, as the write protocol's batch and commit calls carry it. */
    static Map<String, Object> stored(int index, String chunkId, long size, List<String> replicas) {
        return Map.of("index", index, "chunkId", chunkId, "size", size, "digest", "%064x".formatted(index + 1),
                "replicas", replicas);
    }

    static ValidatableResponse batch(String uploadId, long generation, List<Map<String, Object>> stored, int allocateFrom,
                                     int allocateCount) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("generation", generation, "stored", stored, "allocateFrom", allocateFrom,
                        "allocateCount", allocateCount))
                .post("/uploads/{id}/chunk-batches", uploadId).then();
    }

    static ValidatableResponse commit(String uploadId, long generation, List<Map<String, Object>> stored) {
        return given().contentType(ContentType.JSON).body(Map.of("generation", generation, "stored", stored))
                .post("/uploads/{id}/commit", uploadId).then();
    }

    static ValidatableResponse allocate(String uploadId, long generation, int index) {
        return given().contentType(ContentType.JSON).body(Map.of("generation", generation, "index", index))
                .post("/uploads/{id}/chunks", uploadId).then();
    }

    static ValidatableResponse written(String uploadId, long generation, int index, String chunkId, long size,
                                       List<String> replicas) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("generation", generation, "chunkId", chunkId, "size", size,
                        "digest", "%064x".formatted(index + 1), "replicas", replicas))
                .put("/uploads/{id}/chunks/{index}", uploadId, index).then();
    }

    static ValidatableResponse commit(String uploadId, long generation) {
        return given().contentType(ContentType.JSON).body(Map.of("generation", generation))
                .post("/uploads/{id}/commit", uploadId).then();
    }

    static ValidatableResponse blockReport(String serverId, OffsetDateTime listedAt, List<UUID> chunks) {
        return given().contentType(ContentType.JSON).body(Map.of("listedAt", listedAt.toString(), "chunks", chunks))
                .post("/chunk-servers/{id}/block-reports", serverId).then();
    }
}
