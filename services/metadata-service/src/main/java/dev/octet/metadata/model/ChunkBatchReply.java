package dev.octet.metadata.model;

import java.util.List;

/** The chunks allocated by a {@link ChunkBatch}, in index order. */
public record ChunkBatchReply(List<ChunkAllocation> allocations) {
}
