package dev.octet.chunk.model;

import java.util.List;
import java.util.UUID;

/** A chunk of an upload stored on (at least a write quorum of) its replicas. */
public record StoredChunk(int index, UUID chunkId, long size, String digest, List<String> replicas) {
}
