package dev.octet.chunk.model;

public record ChunkAllocationRequest(long generation, int index) {
}
