package dev.octet.metadata.service;

import dev.octet.metadata.config.MetadataConfig;
import dev.octet.metadata.model.Chunk;
import dev.octet.metadata.model.ChunkAllocation;
import dev.octet.metadata.model.ChunkAllocationRequest;
import dev.octet.metadata.model.ChunkServer;
import dev.octet.metadata.model.ChunkState;
import dev.octet.metadata.model.ChunkWritten;
import dev.octet.metadata.model.CommitRequest;
import dev.octet.metadata.model.Entry;
import dev.octet.metadata.model.EntryStatus;
import dev.octet.metadata.model.FileLease;
import dev.octet.metadata.model.FileVersion;
import dev.octet.metadata.model.LeaseRenewal;
import dev.octet.metadata.model.PathName;
import dev.octet.metadata.model.ServerRef;
import dev.octet.metadata.model.UploadLease;
import dev.octet.metadata.model.UploadProgress;
import dev.octet.metadata.model.UploadRequest;
import dev.octet.metadata.model.VersionState;
import dev.octet.metadata.repository.ChunkRepository;
import dev.octet.metadata.repository.ChunkServerRepository;
import dev.octet.metadata.repository.EntryRepository;
import dev.octet.metadata.repository.LeaseRepository;
import dev.octet.metadata.repository.NamespaceLock;
import dev.octet.metadata.repository.ReplicaRepository;
import dev.octet.metadata.repository.VersionRepository;
import dev.octet.platform.web.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The write protocol. A writer takes the path's lease (one writer per path; each lease a new
 * generation), allocates chunks one by one and reports each stored, renewing the lease as it goes,
 * and finally commits: one transaction that makes the new version the file's content. Until then no
 * reader sees any of it; a writer that lost its lease can never commit.
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    private final MetadataConfig config;
    private final NamespaceService namespace;
    private final NamespaceLock lock;
    private final EntryRepository entries;
    private final VersionRepository versions;
    private final LeaseRepository leases;
    private final ChunkRepository chunks;
    private final ReplicaRepository replicas;
    private final ChunkServerRepository servers;
    private final FileEvents events;

    public UploadService(MetadataConfig config, NamespaceService namespace, NamespaceLock lock, EntryRepository entries,
                         VersionRepository versions, LeaseRepository leases, ChunkRepository chunks,
                         ReplicaRepository replicas, ChunkServerRepository servers, FileEvents events) {
        this.config = config;
        this.namespace = namespace;
        this.lock = lock;
        this.entries = entries;
        this.versions = versions;
        this.leases = leases;
        this.chunks = chunks;
        this.replicas = replicas;
        this.servers = servers;
        this.events = events;
    }

    public Uni<UploadLease> begin(UploadRequest request) {
        PathName path = PathName.parse(request.path());
        if (path.isRoot()) {
            throw FileSystemProblems.isDirectory("/");
        }
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> currentFile(path)
                .invoke(current -> checkPreconditions(path, current, request.ifMatch(), request.ifNoneMatch()))
                .flatMap(current -> leases.lockOrCreate(path.value()))
                .flatMap(lease -> currentHolder(lease, request, now).flatMap(same -> same != null
                        ? Uni.createFrom().item(same) : grant(lease, path, request, now)))
                .map(version -> UploadLease.of(version, config.replicationFactor(), config.writeQuorum())));
    }

    /**
     * The upload holding the lease if it is this very request repeated (same holder token), so a
     * retried begin is answered with the same lease; otherwise null, after aborting an expired holder.
     * A live holder that is someone else means a conflict: one writer per file.
     */
    private Uni<FileVersion> currentHolder(FileLease lease, UploadRequest request, OffsetDateTime now) {
        if (lease.versionId == null) {
            return Uni.createFrom().nullItem();
        }
        return versions.lock(lease.versionId).map(holder -> {
            if (holder.state != VersionState.UPLOADING) {
                return null;
            }
            if (request.holder() != null && request.holder().equals(holder.holder)
                    && holder.expectedSize == request.size()) {
                return holder;
            }
            if (holder.leaseExpiresAt.isAfter(now)) {
                throw FileSystemProblems.leaseHeld(lease.path, holder.leaseExpiresAt.toString());
            }
            LOG.infof("Lease on %s (generation %d) expired; a new writer takes over", lease.path, holder.generation);
            holder.retire(VersionState.ABORTED, now);
            return null;
        });
    }

    private Uni<FileVersion> grant(FileLease lease, PathName path, UploadRequest request, OffsetDateTime now) {
        FileVersion version = new FileVersion();
        version.id = UUID.randomUUID();
        version.path = path.value();
        version.generation = lease.generation + 1;
        version.state = VersionState.UPLOADING;
        version.expectedSize = request.size();
        version.chunkSize = request.chunkSize() != null ? request.chunkSize() : config.chunkSize().asLongValue();
        version.holder = request.holder();
        version.ifMatch = request.ifMatch();
        version.ifNoneMatch = request.ifNoneMatch();
        version.leaseExpiresAt = now.plus(config.leaseDuration());
        version.createdAt = now;
        lease.generation = version.generation;
        lease.versionId = version.id;
        return versions.persist(version);
    }

    public Uni<ChunkAllocation> allocate(UUID uploadId, ChunkAllocationRequest request) {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> activeUpload(uploadId, request.generation(), now)
                .flatMap(version -> {
                    int index = request.index();
                    if (index >= version.chunkCount()) {
                        throw ProblemException.badRequest("Upload " + uploadId + " has " + version.chunkCount()
                                + " chunk(s); there is no chunk " + index + ".");
                    }
                    return chunks.at(version.id, index)
                            .flatMap(existing -> existing != null ? Uni.createFrom().item(existing) : place(version, index, now))
                            .flatMap(chunk -> servers.all().map(all -> allocation(version, chunk, all)));
                }));
    }

    private Uni<Chunk> place(FileVersion version, int index, OffsetDateTime now) {
        return servers.alive().flatMap(alive -> {
            List<ChunkServer> chosen = Placement.choose(alive, config.replicationFactor(), Set.of(), ThreadLocalRandom.current());
            if (chosen.size() < config.writeQuorum()) {
                throw FileSystemProblems.notEnoughServers(chosen.size(), config.writeQuorum());
            }
            Chunk chunk = new Chunk();
            chunk.id = UUID.randomUUID();
            chunk.versionId = version.id;
            chunk.chunkIndex = index;
            chunk.state = ChunkState.ALLOCATED;
            chunk.targets = chosen.stream().map(server -> server.id).collect(Collectors.joining(","));
            chunk.createdAt = now;
            return chunks.persist(chunk);
        });
    }

    private static ChunkAllocation allocation(FileVersion version, Chunk chunk, List<ChunkServer> all) {
        Map<String, ChunkServer> byId = all.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
        List<ServerRef> targets = chunk.targetIds().stream().map(id -> byId.get(id).ref()).toList();
        long offset = (long) chunk.chunkIndex * version.chunkSize;
        return new ChunkAllocation(chunk.id, chunk.chunkIndex, offset, sizeOf(version, chunk.chunkIndex), targets);
    }

    private static long sizeOf(FileVersion version, int index) {
        return Math.min(version.chunkSize, version.expectedSize - (long) index * version.chunkSize);
    }

    public Uni<Void> chunkWritten(UUID uploadId, int index, ChunkWritten report) {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> activeUpload(uploadId, report.generation(), now)
                .flatMap(version -> chunks.findById(report.chunkId()).flatMap(chunk -> {
                    if (chunk == null || !chunk.versionId.equals(version.id) || chunk.chunkIndex != index) {
                        throw ProblemException.badRequest("Chunk " + report.chunkId() + " is not chunk " + index
                                + " of upload " + uploadId + ".");
                    }
                    long expected = sizeOf(version, index);
                    if (report.size() != expected) {
                        throw ProblemException.badRequest("Chunk " + index + " of this upload holds " + expected
                                + " bytes, not " + report.size() + ".");
                    }
                    Set<String> stored = new HashSet<>(report.replicas());
                    if (!chunk.targetIds().containsAll(stored)) {
                        throw ProblemException.badRequest("Chunk " + index + " was placed on " + chunk.targets
                                + "; it cannot be stored on " + stored + ".");
                    }
                    if (stored.size() < config.writeQuorum()) {
                        throw ProblemException.conflict("write-quorum-not-met", "Chunk " + index + " is stored on "
                                + stored.size() + " server(s); the write quorum is " + config.writeQuorum() + ".");
                    }
                    chunk.state = ChunkState.WRITTEN;
                    chunk.size = report.size();
                    chunk.digest = report.digest();
                    version.bytesReceived = Math.max(version.bytesReceived, (long) index * version.chunkSize + expected);
                    return Unis.forEach(List.copyOf(stored), serverId -> replicas.add(chunk.id, serverId, now));
                })));
    }

    public Uni<UploadLease> renew(UUID uploadId, LeaseRenewal renewal) {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> activeUpload(uploadId, renewal.generation(), now)
                .invoke(version -> version.bytesReceived = Math.max(version.bytesReceived,
                        Math.min(renewal.bytesReceived(), version.expectedSize)))
                .map(version -> UploadLease.of(version, config.replicationFactor(), config.writeQuorum())));
    }

    public Uni<EntryStatus> commit(UUID uploadId, CommitRequest request) {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> lock.exclusive()
                .flatMap(locked -> versions.lock(uploadId))
                .flatMap(version -> {
                    if (version != null && version.state == VersionState.COMMITTED
                            && version.generation == request.generation()) {
                        return committedStatus(version); // a retried commit whose answer was lost
                    }
                    checkActive(uploadId, version, request.generation(), now);
                    return leases.lock(version.path)
                            .invoke(lease -> {
                                if (!version.id.equals(lease.versionId) || lease.generation != version.generation) {
                                    throw FileSystemProblems.leaseLost("Upload " + uploadId + " no longer holds the lease on "
                                            + version.path + " (now generation " + lease.generation + ").");
                                }
                            })
                            .flatMap(lease -> chunks.ofVersion(version.id)
                                    .flatMap(written -> publish(version, lease, written, now)));
                }));
    }

    private Uni<EntryStatus> publish(FileVersion version, FileLease lease, List<Chunk> written, OffsetDateTime now) {
        checkComplete(version, written);
        PathName path = PathName.parse(version.path);
        return currentFile(path)
                .invoke(current -> checkPreconditions(path, current, version.ifMatch, version.ifNoneMatch))
                .flatMap(current -> namespace.ensureDirectories(path.parent().orElseThrow(), now)
                        .flatMap(ignored -> entries.find(path))
                        .flatMap(entry -> {
                            if (current != null) {
                                current.retire(VersionState.SUPERSEDED, now);
                            }
                            version.state = VersionState.COMMITTED;
                            version.size = version.expectedSize;
                            version.bytesReceived = version.expectedSize;
                            version.etag = ETags.of(version.expectedSize, written);
                            version.committedAt = now;
                            version.leaseExpiresAt = null;
                            lease.versionId = null;
                            if (entry == null) {
                                return entries.persist(Entry.file(path, version.id, now));
                            }
                            entry.versionId = version.id;
                            entry.modifiedAt = now;
                            return Uni.createFrom().item(entry);
                        }))
                .flatMap(entry -> events.committed(path.value(), version).map(ignored -> EntryStatus.of(entry, version)));
    }

    private static void checkComplete(FileVersion version, List<Chunk> written) {
        for (int index = 0; index < version.chunkCount(); index++) {
            Chunk chunk = index < written.size() ? written.get(index) : null;
            if (chunk == null || chunk.chunkIndex != index || chunk.state != ChunkState.WRITTEN) {
                throw ProblemException.conflict("upload-incomplete", "Upload " + version.id + " cannot commit: chunk "
                        + index + " of " + version.chunkCount() + " has not been stored.");
            }
        }
    }

    private Uni<EntryStatus> committedStatus(FileVersion version) {
        return entries.fileWithVersion(version.id).map(entry -> entry != null ? EntryStatus.of(entry, version)
                : new EntryStatus(version.path, PathName.parse(version.path).name(), dev.octet.metadata.model.EntryKind.FILE,
                version.size, version.etag, version.generation, version.chunkSize, version.chunkCount(),
                version.createdAt, version.committedAt));
    }

    /** Gives up an upload; its chunks become garbage. Aborting twice, or after the lease was lost, is fine. */
    public Uni<Void> abort(UUID uploadId, long generation) {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> versions.lock(uploadId).flatMap(version -> {
            if (version == null) {
                throw ProblemException.notFound("No upload " + uploadId + ".");
            }
            if (version.state != VersionState.UPLOADING || version.generation != generation) {
                return Uni.createFrom().voidItem();
            }
            version.retire(VersionState.ABORTED, now);
            return releaseLease(version);
        }));
    }

    Uni<Void> releaseLease(FileVersion version) {
        return leases.lock(version.path).invoke(lease -> {
            if (lease != null && version.id.equals(lease.versionId)) {
                lease.versionId = null;
            }
        }).replaceWithVoid();
    }

    public Uni<UploadProgress> progress(String rawPath) {
        PathName path = PathName.parse(rawPath);
        return Panache.withSession(() -> versions.latestUpload(path.value()).flatMap(version -> {
            if (version == null) {
                throw ProblemException.notFound("No upload to " + path + " is known.");
            }
            return chunks.countWritten(version.id).map(written -> UploadProgress.of(version, written));
        }));
    }

    /** The upload, locked, if it still holds its lease; the lease is extended. */
    private Uni<FileVersion> activeUpload(UUID uploadId, long generation, OffsetDateTime now) {
        return versions.lock(uploadId).invoke(version -> {
            checkActive(uploadId, version, generation, now);
            version.leaseExpiresAt = now.plus(config.leaseDuration());
        });
    }

    private static void checkActive(UUID uploadId, FileVersion version, long generation, OffsetDateTime now) {
        if (version == null) {
            throw ProblemException.notFound("No upload " + uploadId + ".");
        }
        if (version.generation != generation) {
            throw FileSystemProblems.leaseLost("Upload " + uploadId + " is generation " + version.generation
                    + ", not " + generation + ".");
        }
        if (version.state != VersionState.UPLOADING) {
            throw FileSystemProblems.leaseLost("Upload " + uploadId + " of " + version.path + " is "
                    + version.state.name().toLowerCase() + "; it can no longer be written or committed.");
        }
        if (!version.leaseExpiresAt.isAfter(now)) {
            throw FileSystemProblems.leaseLost("The lease of upload " + uploadId + " on " + version.path
                    + " expired at " + version.leaseExpiresAt + ".");
        }
    }

    /** The committed version at {@code path}, or null; fails if the path is a directory or below a file. */
    private Uni<FileVersion> currentFile(PathName path) {
        return namespace.checkAncestorsAreDirectories(path)
                .flatMap(ignored -> entries.find(path))
                .flatMap(entry -> {
                    if (entry == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (entry.isDirectory()) {
                        throw FileSystemProblems.isDirectory(path.value());
                    }
                    return versions.findById(entry.versionId);
                });
    }

    private static void checkPreconditions(PathName path, FileVersion current, String ifMatch, boolean ifNoneMatch) {
        if (ifNoneMatch && current != null) {
            throw FileSystemProblems.preconditionFailed("A file already exists at " + path + " (If-None-Match: *).");
        }
        if (ifMatch != null && !ifMatch.equals("*") && (current == null || !ifMatch.equals(current.etag))) {
            throw FileSystemProblems.preconditionFailed("The file at " + path + " is "
                    + (current == null ? "absent" : "at ETag \"" + current.etag + "\"") + ", not \"" + ifMatch + "\".");
        }
        if ("*".equals(ifMatch) && current == null) {
            throw FileSystemProblems.preconditionFailed("No file exists at " + path + " (If-Match: *).");
        }
    }
}
