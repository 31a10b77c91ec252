package dev.octet.chunk.model;

import java.util.UUID;

/** A chunk server's answer to a chunk write: it holds a verified replica now. */
public record StoredReplica(UUID chunkId, String serverId, long size, String digest) {
}
