package dev.octet.chunk.model;

import java.util.List;
import java.util.UUID;

/** Orders from the metadata service: replicas to delete, chunks to copy to other servers. */
public record HeartbeatReply(List<UUID> deleteChunks, List<ReplicationOrder> replicate) {

    public record ReplicationOrder(UUID chunkId, ServerRef target) {
    }
}
