package dev.octet.filesystem.api.v1;

import jakarta.validation.constraints.NotBlank;

public record Rename(@NotBlank String from, @NotBlank String to) {
}
