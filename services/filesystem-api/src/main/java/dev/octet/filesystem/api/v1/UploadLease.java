package dev.octet.filesystem.api.v1;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A granted write lease: the upload id, its generation, how the file is to be cut into chunks, and the
 * allocations of the first chunks if the writer asked for them.
 */
public record UploadLease(UUID uploadId, String path, long generation, long size, long chunkSize, int chunks,
                          int replicationFactor, int writeQuorum, OffsetDateTime leaseExpiresAt,
                          List<ChunkAllocation> allocations) {

    public List<ChunkAllocation> allocationsOrNone() {
        return allocations == null ? List.of() : allocations;
    }
}
