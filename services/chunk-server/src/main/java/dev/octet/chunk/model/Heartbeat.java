package dev.octet.chunk.model;

import java.util.List;
import java.util.UUID;

public record Heartbeat(String url, long capacityBytes, long usedBytes, long chunkCount, List<UUID> deletedChunks) {
}
