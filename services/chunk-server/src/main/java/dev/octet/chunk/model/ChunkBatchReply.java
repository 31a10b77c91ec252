package dev.octet.chunk.model;

import java.util.List;

public record ChunkBatchReply(List<ChunkAllocation> allocations) {
}
