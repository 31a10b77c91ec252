package dev.octet.metadata.repository;

import dev.octet.filesystem.api.v1.EntryKind;
import dev.octet.metadata.model.Entry;
import dev.octet.metadata.model.PathName;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class EntryRepository implements PanacheRepositoryBase<Entry, String> {

    public Uni<Entry> find(PathName path) {
        return findById(path.value());
    }

    /** Those of {@code paths} that exist, in one query. */
    public Uni<List<Entry>> findAll(List<PathName> paths) {
        if (paths.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("path in ?1", paths.stream().map(PathName::value).toList());
    }

    /** Up to {@code limit} children of {@code directory} whose names sort after {@code after}. */
    public Uni<List<Entry>> children(PathName directory, String after, int limit) {
        return find("parent = :parent and name > :after order by name",
                Parameters.with("parent", directory.value()).and("after", after == null ? "" : after))
                .range(0, limit - 1).list();
    }

    public Uni<Boolean> hasChildren(PathName directory) {
        return count("parent", directory.value()).map(count -> count > 0);
    }

    /** The current versions of every file at or below {@code path}. */
    public Uni<List<Entry>> filesAtOrBelow(PathName path) {
        return find("kind = :file and (path = :path or substring(path, 1, length(:prefix)) = :prefix)",
                Parameters.with("file", EntryKind.FILE).and("path", path.value()).and("prefix", path.descendantPrefix()))
                .list();
    }

    public Uni<Long> deleteTree(PathName path) {
        return delete("path = :path or substring(path, 1, length(:prefix)) = :prefix",
                Parameters.with("path", path.value()).and("prefix", path.descendantPrefix()));
    }

    /**
     * Moves {@code from} and everything below it to {@code to} in two statements: a rename costs one
     * update per entry below, all in the caller's transaction, so nobody sees it half done.
     */
    public Uni<Void> renameTree(PathName from, PathName to) {
        String parent = to.parent().orElseThrow().value();
        return getSession().flatMap(session -> session.createNativeQuery(
                        "update entry set path = :to, parent = :parent, name = :name, modified_at = now() where path = :from")
                .setParameter("to", to.value()).setParameter("parent", parent).setParameter("name", to.name())
                .setParameter("from", from.value())
                .executeUpdate()
                .flatMap(ignored -> session.createNativeQuery(
                                "update entry set path = :to || substr(path, :cut), parent = :to || substr(parent, :cut)"
                                        + " where starts_with(path, :prefix)")
                        .setParameter("to", to.value())
                        .setParameter("cut", from.value().length() + 1)
                        .setParameter("prefix", from.descendantPrefix())
                        .executeUpdate()))
                .replaceWithVoid();
    }

    public Uni<Entry> fileWithVersion(UUID versionId) {
        return find("versionId", versionId).firstResult();
    }
}
