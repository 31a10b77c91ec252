package dev.octet.metadata.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/** How far the latest upload to a path has got. */
public record UploadProgress(UUID uploadId, String path, long generation, VersionState state, long size,
                             long bytesReceived, int chunks, long chunksWritten, OffsetDateTime startedAt,
                             OffsetDateTime leaseExpiresAt) {

    public static UploadProgress of(FileVersion version, long chunksWritten) {
        long received = version.state == VersionState.UPLOADING ? version.bytesReceived
                : Math.max(version.bytesReceived, version.size == null ? 0 : version.size);
        return new UploadProgress(version.id, version.path, version.generation, version.state, version.expectedSize,
                received, version.chunkCount(), chunksWritten, version.createdAt, version.leaseExpiresAt);
    }
}
