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

    public Uni<List<ChunkServer>> silentSince(OffsetDateTime cutoff) {
        return list("state = ?1 and lastHeartbeatAt < ?2", ServerState.ALIVE, cutoff);
    }
}
