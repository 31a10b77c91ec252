package dev.octet.metadata.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A granted write lease: the upload id, its generation, and how the file is to be cut into chunks. */
public record UploadLease(UUID uploadId, String path, long generation, long size, long chunkSize, int chunks,
                          int replicationFactor, int writeQuorum, OffsetDateTime leaseExpiresAt) {

    public static UploadLease of(FileVersion version, int replicationFactor, int writeQuorum) {
        return new UploadLease(version.id, version.path, version.generation, version.expectedSize, version.chunkSize,
                version.chunkCount(), replicationFactor, writeQuorum, version.leaseExpiresAt);
    }
}
