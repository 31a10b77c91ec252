package dev.octet.chunk.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One committed version of a file: its chunks in order and where their replicas are. */
public record ReadPlan(String path, UUID versionId, long generation, long size, String etag, long chunkSize,
                       OffsetDateTime modifiedAt, List<ChunkLocation> chunks) {

    public record ChunkLocation(UUID id, int index, long offset, long size, String digest, List<ServerRef> replicas) {

        public long end() {
            return offset + size;
        }
    }
}
