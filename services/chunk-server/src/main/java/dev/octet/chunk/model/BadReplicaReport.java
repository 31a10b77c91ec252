package dev.octet.chunk.model;

public record BadReplicaReport(String serverId, String reason) {
}
