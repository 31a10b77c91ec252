package dev.octet.filesystem.api.v1;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.UUID;

/** A chunk the writer has stored: its place in the file, size, SHA-256 and the servers that acknowledged it. */
public record StoredChunk(@NotNull @PositiveOrZero Integer index, @NotNull UUID chunkId, @NotNull @PositiveOrZero Long size,
                          @NotNull @Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 digest in lower-case hex") String digest,
                          @NotEmpty List<String> replicas) {
}
