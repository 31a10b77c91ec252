package dev.octet.filesystem.api.v1;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** The writer is still at work: extend its lease and record how far it has got. */
public record LeaseRenewal(@NotNull Long generation, @NotNull @PositiveOrZero Long bytesReceived) {
}
