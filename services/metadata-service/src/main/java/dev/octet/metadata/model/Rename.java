package dev.octet.metadata.model;

import jakarta.validation.constraints.NotBlank;

public record Rename(@NotBlank String from, @NotBlank String to) {
}
