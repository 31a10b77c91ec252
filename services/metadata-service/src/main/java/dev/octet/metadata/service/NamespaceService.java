package dev.octet.metadata.service;

import dev.octet.filesystem.api.v1.EntryKind;
import dev.octet.filesystem.api.v1.EntryStatus;
import dev.octet.filesystem.api.v1.Listing;
import dev.octet.filesystem.api.v1.VersionState;
import dev.octet.metadata.model.Entry;
import dev.octet.metadata.model.FileVersion;
import dev.octet.metadata.model.PathName;
import dev.octet.metadata.repository.EntryRepository;
import dev.octet.metadata.repository.NamespaceLock;
import dev.octet.metadata.repository.VersionRepository;
import dev.octet.platform.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Directories and names: stat, list, mkdir, rename, delete. Every change runs under the namespace lock. */
@ApplicationScoped
public class NamespaceService {

    public static final int MAX_PAGE = 1000;

    private final EntryRepository entries;
    private final VersionRepository versions;
    private final NamespaceLock lock;
    private final FileEvents events;

    public NamespaceService(EntryRepository entries, VersionRepository versions, NamespaceLock lock, FileEvents events) {
        this.entries = entries;
        this.versions = versions;
        this.lock = lock;
        this.events = events;
    }

    public Uni<EntryStatus> stat(String rawPath) {
        PathName path = PathName.parse(rawPath);
        return Panache.withSession(() -> existing(path).flatMap(this::status));
    }

    public Uni<Listing> list(String rawPath, String after, int limit) {
        PathName path = PathName.parse(rawPath);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_PAGE + ", not " + limit + ".");
        }
        return Panache.withSession(() -> existing(path)
                .flatMap(directory -> {
                    if (!directory.isDirectory()) {
                        throw FileSystemProblems.notDirectory(path.value());
                    }
                    return entries.children(path, after, limit + 1);
                })
                .flatMap(children -> {
                    List<Entry> page = children.size() > limit ? children.subList(0, limit) : children;
                    String next = children.size() > limit ? page.get(page.size() - 1).name : null;
                    List<UUID> versionIds = page.stream().filter(e -> e.versionId != null).map(e -> e.versionId).toList();
                    return versions.byIds(versionIds).map(found -> {
                        Map<UUID, FileVersion> byId = found.stream().collect(Collectors.toMap(v -> v.id, Function.identity()));
                        List<EntryStatus> statuses = new ArrayList<>();
                        page.forEach(entry -> statuses.add(entry.status(byId.get(entry.versionId))));
                        return new Listing(path.value(), statuses, next);
                    });
                }));
    }

    /** Creates the directory and any missing parents; an existing directory is fine. */
    public Uni<EntryStatus> makeDirectories(String rawPath) {
        PathName path = PathName.parse(rawPath);
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> lock.exclusive()
                .flatMap(locked -> ensureDirectories(path, now))
                .flatMap(ignored -> entries.find(path))
                .map(entry -> entry.status(null)));
    }

    public Uni<EntryStatus> rename(String rawFrom, String rawTo) {
        PathName from = PathName.parse(rawFrom);
        PathName to = PathName.parse(rawTo);
        if (from.isRoot() || to.isRoot()) {
            throw ProblemException.badRequest("The root directory cannot be renamed, nor replaced.");
        }
        if (from.isAncestorOf(to)) {
            throw ProblemException.badRequest("Cannot move " + from + " into itself (" + to + ").");
        }
        return Panache.withTransaction(() -> lock.exclusive()
                .flatMap(locked -> existing(from))
                .flatMap(source -> {
                    if (from.equals(to)) {
                        return status(source);
                    }
                    return entries.find(to)
                            .invoke(target -> {
                                if (target != null) {
                                    throw FileSystemProblems.exists(to.value());
                                }
                            })
                            .flatMap(ignored -> entries.find(to.parent().orElseThrow()))
                            .invoke(parent -> {
                                if (parent == null) {
                                    throw ProblemException.notFound("The directory " + to.parent().orElseThrow()
                                            + " does not exist; create it first.");
                                }
                                if (!parent.isDirectory()) {
                                    throw FileSystemProblems.notDirectory(parent.path);
                                }
                            })
                            .flatMap(ignored -> entries.renameTree(from, to))
                            .flatMap(ignored -> events.renamed(from.value(), to.value(), source.kind))
                            .flatMap(ignored -> entries.getSession())
                            .flatMap(session -> {
                                session.detach(source);
                                return entries.find(to);
                            })
                            .flatMap(this::status);
                }));
    }

    /** Deletes a file, or a directory (with everything in it only if {@code recursive}). */
    public Uni<Void> delete(String rawPath, boolean recursive) {
        PathName path = PathName.parse(rawPath);
        if (path.isRoot()) {
            throw ProblemException.badRequest("The root directory cannot be deleted.");
        }
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> lock.exclusive()
                .flatMap(locked -> existing(path))
                .flatMap(entry -> entry.isDirectory() && !recursive
                        ? entries.hasChildren(path).invoke(hasChildren -> {
                            if (hasChildren) {
                                throw FileSystemProblems.notEmpty(path.value());
                            }
                        }).replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .flatMap(ignored -> entries.filesAtOrBelow(path))
                .flatMap(files -> Unis.forEach(files, file -> retire(file, now)))
                .flatMap(ignored -> entries.deleteTree(path))
                .replaceWithVoid());
    }

    private Uni<Void> retire(Entry file, OffsetDateTime now) {
        return versions.findById(file.versionId)
                .invoke(version -> version.retire(VersionState.DELETED, now))
                .flatMap(version -> events.deleted(file.path, version.id));
    }

    /** Creates {@code directory} and its missing ancestors; fails if any of them is a file. */
    Uni<Void> ensureDirectories(PathName directory, OffsetDateTime now) {
        List<PathName> chain = new ArrayList<>(directory.ancestors());
        chain.add(directory);
        return entries.findAll(chain).flatMap(found -> {
            Map<String, Entry> existing = found.stream().collect(Collectors.toMap(entry -> entry.path, Function.identity()));
            List<Entry> missing = new ArrayList<>();
            for (PathName path : chain) {
                Entry entry = existing.get(path.value());
                if (entry == null) {
                    missing.add(Entry.directory(path, now));
                } else if (!entry.isDirectory()) {
                    throw FileSystemProblems.notDirectory(path.value());
                }
            }
            return Unis.forEach(missing, entries::persist);
        });
    }

    /** Fails unless every existing ancestor of {@code path} is a directory. */
    Uni<Void> checkAncestorsAreDirectories(PathName path) {
        return entries.findAll(path.ancestors()).invoke(found -> found.stream()
                .filter(entry -> entry.kind == EntryKind.FILE)
                .findFirst()
                .ifPresent(file -> {
                    throw FileSystemProblems.notDirectory(file.path);
                })).replaceWithVoid();
    }

    Uni<Entry> existing(PathName path) {
        return entries.find(path).invoke(entry -> {
            if (entry == null) {
                throw FileSystemProblems.notFound(path.value());
            }
        });
    }

    Uni<EntryStatus> status(Entry entry) {
        if (entry.isDirectory()) {
            return Uni.createFrom().item(entry.status(null));
        }
        return versions.findById(entry.versionId).map(version -> entry.status(version));
    }
}
