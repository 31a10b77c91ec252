package dev.octet.chunk.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/** How far the latest upload to a path has got. */
public record UploadProgress(UUID uploadId, String path, long generation, String state, long size, long bytesReceived,
                             int chunks, long chunksWritten, OffsetDateTime startedAt, OffsetDateTime leaseExpiresAt) {
}
