package dev.octet.filesystem.api.v1;

import jakarta.validation.constraints.NotBlank;

/** A server now holds a verified replica (after a copy the metadata service ordered). */
public record ReplicaReport(@NotBlank String serverId) {
}
