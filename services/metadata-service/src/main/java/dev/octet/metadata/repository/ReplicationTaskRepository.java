package dev.octet.metadata.repository;

import dev.octet.metadata.model.ReplicationTask;
import dev.octet.metadata.model.ServerState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class ReplicationTaskRepository implements PanacheRepositoryBase<ReplicationTask, ReplicationTask.Key> {

    public Uni<List<ReplicationTask>> unsentFrom(String sourceId, int limit) {
        return find("sourceId = ?1 and sentAt is null", sourceId).range(0, limit - 1).list();
    }

    /** Drops copy orders that ran out of time, or whose source or target has died: they are ordered afresh. */
    public Uni<Long> expire(OffsetDateTime now) {
        return delete("expiresAt < ?1 or sourceId in (select s.id from ChunkServer s where s.state = ?2)"
                + " or targetId in (select s.id from ChunkServer s where s.state = ?2)", now, ServerState.DEAD);
    }

    public Uni<Long> complete(UUID chunkId, String targetId) {
        return delete("chunkId = ?1 and targetId = ?2", chunkId, targetId);
    }

    public Uni<Set<UUID>> pendingTo(String targetId) {
        return getSession().flatMap(session -> session.createSelectionQuery(
                        "select t.chunkId from ReplicationTask t where t.targetId = :target", UUID.class)
                .setParameter("target", targetId).getResultList())
                .map(HashSet::new);
    }

    public Uni<List<String>> targetsOf(UUID chunkId) {
        return getSession().flatMap(session -> session.createSelectionQuery(
                        "select t.targetId from ReplicationTask t where t.chunkId = :chunk", String.class)
                .setParameter("chunk", chunkId).getResultList());
    }
}
