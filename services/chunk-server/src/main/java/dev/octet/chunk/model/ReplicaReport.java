package dev.octet.chunk.model;

public record ReplicaReport(String serverId) {
}
