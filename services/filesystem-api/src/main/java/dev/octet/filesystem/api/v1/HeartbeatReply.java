package dev.octet.filesystem.api.v1;

import java.util.List;
import java.util.UUID;

/** Orders for a chunk server, piggybacked on the heartbeat reply as GFS and HDFS do. */
public record HeartbeatReply(List<UUID> deleteChunks, List<ReplicationOrder> replicate) {

    /** Copy the local replica of {@code chunkId} to {@code target}. */
    public record ReplicationOrder(UUID chunkId, ServerRef target) {
    }
}
