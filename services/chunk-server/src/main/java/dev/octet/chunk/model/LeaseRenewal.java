package dev.octet.chunk.model;

public record LeaseRenewal(long generation, long bytesReceived) {
}
