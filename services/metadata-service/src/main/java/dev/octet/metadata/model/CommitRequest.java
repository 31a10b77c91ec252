package dev.octet.metadata.model;

import jakarta.validation.constraints.NotNull;

public record CommitRequest(@NotNull Long generation) {
}
