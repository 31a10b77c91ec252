package dev.octet.metadata.model;

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

    public static UploadLease of(FileVersion version, int replicationFactor, int writeQuorum,
                                 List<ChunkAllocation> allocations) {
        return new UploadLease(version.id, version.path, version.generation, version.expectedSize, version.chunkSize,
                version.chunkCount(), replicationFactor, writeQuorum, version.leaseExpiresAt, allocations);
    }
}
