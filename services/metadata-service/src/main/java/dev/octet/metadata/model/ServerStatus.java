package dev.octet.metadata.model;

import java.time.OffsetDateTime;

public record ServerStatus(String id, String url, ServerState state, long capacityBytes, long usedBytes,
                           long freeBytes, long chunkCount, long replicas, OffsetDateTime lastHeartbeatAt) {

    public static ServerStatus of(ChunkServer server, long replicas) {
        return new ServerStatus(server.id, server.url, server.state, server.capacityBytes, server.usedBytes,
                server.freeBytes(), server.chunkCount, replicas, server.lastHeartbeatAt);
    }
}
