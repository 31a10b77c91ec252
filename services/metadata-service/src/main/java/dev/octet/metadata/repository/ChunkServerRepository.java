package dev.octet.metadata.repository;

import dev.octet.metadata.model.ChunkServer;
import dev.octet.metadata.model.ServerState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.List;

@ApplicationScoped
public class ChunkServerRepository implements PanacheRepositoryBase<ChunkServer, String> {

    public Uni<List<ChunkServer>> alive() {
        return list("state", ServerState.ALIVE);
    }

    public Uni<List<ChunkServer>> all() {
        return listAll(Sort.by("id"));
    }

    public Uni<ChunkServer> lock(String id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Live servers silent since {@code cutoff}, locked. The lock matters: a heartbeat that commits while
     * the rows are read would otherwise be overwritten by the old values when they are marked dead.
     * Locked, a row a heartbeat just changed is re-checked against the condition and skipped.
     */
    public Uni<List<ChunkServer>> silentSince(OffsetDateTime cutoff) {
        return find("state = ?1 and lastHeartbeatAt < ?2", ServerState.ALIVE, cutoff)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }
}
