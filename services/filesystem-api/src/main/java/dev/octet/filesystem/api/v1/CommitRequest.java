package dev.octet.filesystem.api.v1;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * Makes the upload the file's content. {@code stored} reports the chunks not yet reported (for a small
 * file, all of them), so that the last report and the commit cost one round trip.
 */
public record CommitRequest(@NotNull Long generation, List<@Valid @NotNull StoredChunk> stored) {

    public List<StoredChunk> storedOrNone() {
        return stored == null ? List.of() : stored;
    }
}
