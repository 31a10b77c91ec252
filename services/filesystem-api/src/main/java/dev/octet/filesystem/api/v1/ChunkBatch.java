package dev.octet.filesystem.api.v1;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * One round trip of a running upload: the chunks stored since the writer last reported, and the next
 * chunks it wants allocated ({@code allocateCount} of them from index {@code allocateFrom}, as many as
 * the file has). A writer that asks ahead never waits for an allocation between two chunks.
 */
public record ChunkBatch(@NotNull Long generation, List<@Valid @NotNull StoredChunk> stored,
                         @PositiveOrZero Integer allocateFrom,
                         @PositiveOrZero @Max(value = ChunkBatch.MAX_ALLOCATIONS, message = "must be at most 64") Integer allocateCount) {

    /** The most chunks one call may allocate. */
    public static final int MAX_ALLOCATIONS = 64;

    public List<StoredChunk> storedOrNone() {
        return stored == null ? List.of() : stored;
    }
}
