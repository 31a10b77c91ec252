package dev.octet.metadata.repository;

import dev.octet.metadata.model.FileLease;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class LeaseRepository implements PanacheRepositoryBase<FileLease, String> {

    /**
     * The lease row of {@code path}, created if it is the path's first writer, locked until the end of
     * the transaction: concurrent writers of one path queue here, and only one of them gets the lease.
     */
    public Uni<FileLease> lockOrCreate(String path) {
        return getSession()
                .flatMap(session -> session.createNativeQuery(
                                "insert into file_lease (path, generation) values (:path, 0) on conflict do nothing")
                        .setParameter("path", path).executeUpdate())
                .flatMap(ignored -> findById(path, LockModeType.PESSIMISTIC_WRITE));
    }

    public Uni<FileLease> lock(String path) {
        return findById(path, LockModeType.PESSIMISTIC_WRITE);
    }
}
