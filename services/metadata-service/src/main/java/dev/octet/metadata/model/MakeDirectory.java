package dev.octet.metadata.model;

import jakarta.validation.constraints.NotBlank;

public record MakeDirectory(@NotBlank String path) {
}
