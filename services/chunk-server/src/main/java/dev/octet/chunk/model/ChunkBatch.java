package dev.octet.chunk.model;

import java.util.List;

/** Reports chunks stored and asks for the allocations of the next ones, in one call. */
public record ChunkBatch(long generation, List<StoredChunk> stored, int allocateFrom, int allocateCount) {
}
