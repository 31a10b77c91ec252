package dev.octet.filesystem.api.v1;

import java.util.List;
import java.util.UUID;

/** A new chunk: its id, how many bytes it holds, and the chunk servers that are to store it. */
public record ChunkAllocation(UUID chunkId, int index, long offset, long size, List<ServerRef> targets) {
}
