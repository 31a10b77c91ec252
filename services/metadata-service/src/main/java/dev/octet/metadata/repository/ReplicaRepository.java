package dev.octet.metadata.repository;

import dev.octet.filesystem.api.v1.ServerRef;
import dev.octet.metadata.model.Replica;
import dev.octet.metadata.model.ServerState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class ReplicaRepository implements PanacheRepositoryBase<Replica, Replica.Key> {

    /** For each chunk, the live servers holding a replica of it. */
    public Uni<Map<UUID, List<ServerRef>>> liveLocations(Collection<UUID> chunkIds) {
        if (chunkIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return getSession().flatMap(session -> session.createSelectionQuery(
                        "select r.chunkId, s.id, s.url from Replica r join ChunkServer s on s.id = r.serverId"
                                + " where r.chunkId in :ids and s.state = :alive", Object[].class)
                .setParameter("ids", chunkIds)
                .setParameter("alive", ServerState.ALIVE)
                .getResultList())
                .map(rows -> {
                    Map<UUID, List<ServerRef>> locations = new HashMap<>();
                    for (Object[] row : rows) {
                        locations.computeIfAbsent((UUID) row[0], id -> new ArrayList<>())
                                .add(new ServerRef((String) row[1], (String) row[2]));
                    }
                    return locations;
                });
    }

    public Uni<List<Replica>> ofChunk(UUID chunkId) {
        return list("chunkId", chunkId);
    }

    /** Adds the replica unless it is already known. */
    public Uni<Void> add(UUID chunkId, String serverId, OffsetDateTime now) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "insert into replica (chunk_id, server_id, created_at) values (:chunk, :server, :now)"
                                + " on conflict do nothing")
                .setParameter("chunk", chunkId).setParameter("server", serverId).setParameter("now", now)
                .executeUpdate()).replaceWithVoid();
    }

    /** Adds replicas of the chunk on each of the (registered) servers, in one statement; known ones are kept. */
    public Uni<Void> addAll(UUID chunkId, Collection<String> serverIds, OffsetDateTime now) {
        if (serverIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return getSession().flatMap(session -> session.createNativeQuery(
                        "insert into replica (chunk_id, server_id, created_at) select :chunk, s.id, :now"
                                + " from chunk_server s where s.id in (:servers) on conflict do nothing")
                .setParameter("chunk", chunkId).setParameter("servers", serverIds).setParameter("now", now)
                .executeUpdate()).replaceWithVoid();
    }

    public Uni<Boolean> remove(UUID chunkId, String serverId) {
        return delete("chunkId = ?1 and serverId = ?2", chunkId, serverId).map(count -> count > 0);
    }

    /** Which of {@code chunkIds} the server is recorded as holding. */
    public Uni<Set<UUID>> heldBy(String serverId, Collection<UUID> chunkIds) {
        if (chunkIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return getSession().flatMap(session -> session.createSelectionQuery(
                        "select r.chunkId from Replica r where r.serverId = :server and r.chunkId in :ids", UUID.class)
                .setParameter("server", serverId).setParameter("ids", chunkIds)
                .getResultList())
                .map(HashSet::new);
    }

    /** Replicas of the server recorded before {@code before}: a block report listed after that must show them. */
    public Uni<List<UUID>> recordedBefore(String serverId, OffsetDateTime before) {
        return getSession().flatMap(session -> session.createSelectionQuery(
                        "select r.chunkId from Replica r where r.serverId = :server and r.createdAt < :before", UUID.class)
                .setParameter("server", serverId).setParameter("before", before)
                .getResultList());
    }

    public Uni<Long> removeAll(String serverId, Collection<UUID> chunkIds) {
        if (chunkIds.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return delete("serverId = :server and chunkId in :ids", Parameters.with("server", serverId).and("ids", chunkIds));
    }

    public Uni<Map<String, Long>> countsByServer() {
        return getSession().flatMap(session -> session.createSelectionQuery(
                        "select r.serverId, count(r) from Replica r group by r.serverId", Object[].class)
                .getResultList())
                .map(rows -> {
                    Map<String, Long> counts = new HashMap<>();
                    rows.forEach(row -> counts.put((String) row[0], (Long) row[1]));
                    return counts;
                });
    }
}
