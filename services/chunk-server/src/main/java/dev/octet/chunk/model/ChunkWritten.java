package dev.octet.chunk.model;

import java.util.List;
import java.util.UUID;

public record ChunkWritten(long generation, UUID chunkId, long size, String digest, List<String> replicas) {
}
