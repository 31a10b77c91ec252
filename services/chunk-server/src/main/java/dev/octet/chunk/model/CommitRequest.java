package dev.octet.chunk.model;

public record CommitRequest(long generation) {
}
