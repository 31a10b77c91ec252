package dev.octet.filesystem.api.v1;

import jakarta.validation.constraints.NotBlank;

/** A server found its replica corrupt (a checksum failed) or missing. */
public record BadReplicaReport(@NotBlank String serverId, @NotBlank String reason) {
}
