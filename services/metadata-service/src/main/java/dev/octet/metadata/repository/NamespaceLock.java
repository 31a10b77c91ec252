package dev.octet.metadata.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The namespace's write lock, as HDFS's NameNode has one: every transaction that changes the tree
 * (commit, mkdir, rename, delete) takes it first, so their checks and changes never interleave.
 * Reads take no lock; they see a consistent snapshot. It is a transaction-scoped advisory lock, so it
 * is released on commit or rollback and never leaks.
 */
@ApplicationScoped
public class NamespaceLock {

    private static final long KEY = 0x6f63746574L; // "octet"

    /** Must run inside a transaction. */
    public Uni<Void> exclusive() {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery("select 1 from (select pg_advisory_xact_lock(" + KEY + ")) l",
                        Integer.class).getSingleResult())
                .replaceWithVoid();
    }
}
