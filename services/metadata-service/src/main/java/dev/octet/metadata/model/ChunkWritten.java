package dev.octet.metadata.model;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.UUID;

/** The writer reports a chunk stored: its size, SHA-256 digest and the servers that acknowledged it. */
public record ChunkWritten(@NotNull Long generation, @NotNull UUID chunkId, @NotNull @PositiveOrZero Long size,
                           @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 digest in lower-case hex") String digest,
                           @NotEmpty List<String> replicas) {
}
