package dev.octet.metadata.repository;

import dev.octet.filesystem.api.v1.VersionState;
import dev.octet.metadata.model.FileVersion;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class VersionRepository implements PanacheRepositoryBase<FileVersion, UUID> {

    public Uni<FileVersion> lock(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * The path a version writes to, read without loading or locking the version: writers lock a path's
     * lease before its version, and this is how they learn which lease to lock.
     */
    public Uni<String> pathOf(UUID id) {
        return getSession().flatMap(session -> session
                .createSelectionQuery("select v.path from FileVersion v where v.id = :id", String.class)
                .setParameter("id", id)
                .getSingleResultOrNull());
    }

    public Uni<List<FileVersion>> byIds(Collection<UUID> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }

    /** The newest upload to {@code path}, whatever became of it. */
    public Uni<FileVersion> latestUpload(String path) {
        return find("path = ?1 order by generation desc", path).firstResult();
    }

    public Uni<List<FileVersion>> expiredUploads(OffsetDateTime now, int limit) {
        return find("state = :uploading and leaseExpiresAt < :now",
                Parameters.with("uploading", VersionState.UPLOADING).and("now", now))
                .range(0, limit - 1).list();
    }

    public Uni<List<FileVersion>> retiredBefore(OffsetDateTime cutoff, int limit) {
        return find("state in :states and retiredAt < :cutoff",
                Parameters.with("states", List.of(VersionState.SUPERSEDED, VersionState.DELETED, VersionState.ABORTED))
                        .and("cutoff", cutoff))
                .range(0, limit - 1).list();
    }
}
