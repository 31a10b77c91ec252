package dev.octet.metadata.repository;

import dev.octet.metadata.model.Chunk;
import dev.octet.metadata.model.ChunkState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class ChunkRepository implements PanacheRepositoryBase<Chunk, UUID> {

    public Uni<Chunk> at(UUID versionId, int index) {
        return find("versionId = ?1 and chunkIndex = ?2", versionId, index).firstResult();
    }

    /** The version's chunks with indexes {@code from} (inclusive) to {@code to} (exclusive) that exist. */
    public Uni<List<Chunk>> range(UUID versionId, int from, int to) {
        return list("versionId = ?1 and chunkIndex >= ?2 and chunkIndex < ?3", versionId, from, to);
    }

    public Uni<List<Chunk>> byIds(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    public Uni<List<Chunk>> ofVersion(UUID versionId) {
        return list("versionId = ?1 order by chunkIndex", versionId);
    }

    public Uni<Long> countWritten(UUID versionId) {
        return count("versionId = ?1 and state = ?2", versionId, ChunkState.WRITTEN);
    }

    /** The states of those of {@code ids} that exist. */
    public Uni<Map<UUID, ChunkState>> statesOf(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().flatMap(session -> session
                .createSelectionQuery("select c.id, c.state from Chunk c where c.id in :ids", Object[].class)
                .setParameter("ids", ids)
                .getResultList())
                .map(rows -> {
                    Map<UUID, ChunkState> states = new HashMap<>();
                    rows.forEach(row -> states.put((UUID) row[0], (ChunkState) row[1]));
                    return states;
                });
    }
}
