package dev.octet.chunk.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The metadata service granted this front door the lease to write a file, and allocated its first chunks. */
public record UploadLease(UUID uploadId, String path, long generation, long size, long chunkSize, int chunks,
                          int replicationFactor, int writeQuorum, OffsetDateTime leaseExpiresAt,
                          List<ChunkAllocation> allocations) {

    public List<ChunkAllocation> allocationsOrNone() {
        return allocations == null ? List.of() : allocations;
    }
}
