package dev.octet.chunk.model;

import java.util.List;
import java.util.UUID;

/** A chunk to write: its id, where in the file it lies, and the servers to store it on. */
public record ChunkAllocation(UUID chunkId, int index, long offset, long size, List<ServerRef> targets) {
}
