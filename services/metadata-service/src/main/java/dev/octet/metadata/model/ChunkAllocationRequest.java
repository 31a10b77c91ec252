package dev.octet.metadata.model;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

public record ChunkAllocationRequest(@NotNull Long generation, @NotNull @PositiveOrZero Integer index) {
}
