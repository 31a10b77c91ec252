package dev.octet.filesystem.api.v1;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.UUID;

/**
 * A chunk server's periodic "I am alive": where to reach it, its space, and the replicas it deleted
 * since the last heartbeat on the metadata service's orders.
 */
public record Heartbeat(@NotBlank String url, @NotNull @PositiveOrZero Long capacityBytes,
                        @NotNull @PositiveOrZero Long usedBytes, @NotNull @PositiveOrZero Long chunkCount,
                        List<UUID> deletedChunks) {
}
