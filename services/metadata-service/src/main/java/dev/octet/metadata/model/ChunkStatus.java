package dev.octet.metadata.model;

import java.util.List;
import java.util.UUID;

/** A chunk and every replica the metadata service knows of, alive or not. */
public record ChunkStatus(UUID id, UUID versionId, int index, ChunkState state, Long size, String digest,
                          List<ReplicaStatus> replicas) {

    public record ReplicaStatus(String serverId, ServerState serverState) {
    }
}
