package dev.octet.chunk.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The metadata service granted this front door the lease to write a file. */
public record UploadLease(UUID uploadId, String path, long generation, long size, long chunkSize, int chunks,
                          int replicationFactor, int writeQuorum, OffsetDateTime leaseExpiresAt) {
}
