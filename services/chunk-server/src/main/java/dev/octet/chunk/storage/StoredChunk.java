package dev.octet.chunk.storage;

import java.util.Optional;
import java.util.UUID;

/** A replica in the bucket, as a listing shows it. */
public record StoredChunk(UUID id, long storedSize) {

    static Optional<StoredChunk> parse(String name, long size) {
        try {
            return Optional.of(new StoredChunk(UUID.fromString(name), size));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
