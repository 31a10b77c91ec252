package dev.octet.metadata.repository;

import dev.octet.metadata.model.ChunkDeletion;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DeletionRepository implements PanacheRepositoryBase<ChunkDeletion, ChunkDeletion.Key> {

    public Uni<Void> queue(String serverId, UUID chunkId, OffsetDateTime now) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "insert into chunk_deletion (server_id, chunk_id, queued_at) values (:server, :chunk, :now)"
                                + " on conflict do nothing")
                .setParameter("server", serverId).setParameter("chunk", chunkId).setParameter("now", now)
                .executeUpdate()).replaceWithVoid();
    }

    /** Queues the deletion of every replica of the version's chunks. */
    public Uni<Integer> queueVersion(UUID versionId, OffsetDateTime now) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "insert into chunk_deletion (server_id, chunk_id, queued_at)"
                                + " select r.server_id, r.chunk_id, :now from replica r join chunk c on c.id = r.chunk_id"
                                + " where c.version_id = :version on conflict do nothing")
                .setParameter("version", versionId).setParameter("now", now)
                .executeUpdate());
    }

    /** Deletions to (re)send to a server: never sent, or sent long ago and not confirmed. */
    public Uni<List<ChunkDeletion>> due(String serverId, OffsetDateTime resendBefore, int limit) {
        return find("serverId = :server and (sentAt is null or sentAt < :before)",
                Parameters.with("server", serverId).and("before", resendBefore))
                .range(0, limit - 1).list();
    }

    public Uni<Long> confirm(String serverId, Collection<UUID> chunkIds) {
        if (chunkIds == null || chunkIds.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return delete("serverId = :server and chunkId in :ids", Parameters.with("server", serverId).and("ids", chunkIds));
    }

    public Uni<List<String>> serversDeleting(UUID chunkId) {
        return getSession().flatMap(session -> session.createSelectionQuery(
                        "select d.serverId from ChunkDeletion d where d.chunkId = :chunk", String.class)
                .setParameter("chunk", chunkId).getResultList());
    }
}
