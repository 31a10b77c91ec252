package dev.octet.filesystem.api.v1;

import jakarta.validation.constraints.NotNull;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Every chunk a server holds, as listed from its bucket starting at {@code listedAt}. */
public record BlockReport(@NotNull OffsetDateTime listedAt, @NotNull List<UUID> chunks) {
}
