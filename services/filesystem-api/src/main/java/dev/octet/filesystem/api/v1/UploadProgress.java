package dev.octet.filesystem.api.v1;

import java.time.OffsetDateTime;
import java.util.UUID;

/** How far the latest upload to a path has got. */
public record UploadProgress(UUID uploadId, String path, long generation, VersionState state, long size,
                             long bytesReceived, int chunks, long chunksWritten, OffsetDateTime startedAt,
                             OffsetDateTime leaseExpiresAt) {
}
