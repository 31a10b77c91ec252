package dev.octet.filesystem.api.v1;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Everything a reader needs to read one committed version of a file: its chunks in order, with the
 * chunk servers holding each. A reader that follows one plan reads exactly one version.
 */
public record ReadPlan(String path, UUID versionId, long generation, long size, String etag, long chunkSize,
                       OffsetDateTime modifiedAt, List<ChunkLocation> chunks) {

    /** A chunk's place in the file and where its replicas are, in the order to try them. */
    public record ChunkLocation(UUID id, int index, long offset, long size, String digest, List<ServerRef> replicas) {

        /** The offset just past this chunk's last byte. */
        public long end() {
            return offset + size;
        }
    }
}
