package dev.octet.filesystem.api.v1;

import java.util.List;

/** The chunks allocated by a {@link ChunkBatch}, in index order. */
public record ChunkBatchReply(List<ChunkAllocation> allocations) {
}
