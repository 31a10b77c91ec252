package dev.octet.filesystem.api.v1;

import jakarta.validation.constraints.NotBlank;

public record MakeDirectory(@NotBlank String path) {
}
