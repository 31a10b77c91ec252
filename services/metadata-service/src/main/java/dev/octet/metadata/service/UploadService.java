package dev.octet.metadata.service;

import dev.octet.filesystem.api.v1.ChunkAllocation;
import dev.octet.filesystem.api.v1.ChunkBatch;
import dev.octet.filesystem.api.v1.ChunkBatchReply;
import dev.octet.filesystem.api.v1.CommitRequest;
import dev.octet.filesystem.api.v1.EntryKind;
import dev.octet.filesystem.api.v1.EntryStatus;
import dev.octet.filesystem.api.v1.LeaseRenewal;
import dev.octet.filesystem.api.v1.ServerRef;
import dev.octet.filesystem.api.v1.StoredChunk;
import dev.octet.filesystem.api.v1.UploadLease;
import dev.octet.filesystem.api.v1.UploadProgress;
import dev.octet.filesystem.api.v1.UploadRequest;
import dev.octet.filesystem.api.v1.VersionState;
import dev.octet.metadata.config.MetadataConfig;
import dev.octet.metadata.model.Chunk;
import dev.octet.metadata.model.ChunkAllocationRequest;
import dev.octet.metadata.model.ChunkServer;
import dev.octet.metadata.model.ChunkState;
import dev.octet.metadata.model.ChunkWritten;
import dev.octet.metadata.model.Entry;
import dev.octet.metadata.model.FileLease;
import dev.octet.metadata.model.FileVersion;
import dev.octet.metadata.model.PathName;
import dev.octet.metadata.model.ServerState;
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
import java.util.ArrayList;
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
 * generation), has chunks allocated and reports them stored, renewing the lease as it goes, and
 * finally commits: one transaction that makes the new version the file's content. Until then no
 * reader sees any of it; a writer that lost its lease can never commit.
 *
 * <p>Round trips are batched: the lease comes with the first chunks' allocations, one call reports
 * stored chunks and allocates the next ones, and the commit carries the last reports. A small file
 * costs two round trips; a large one about one per chunk, off the writer's data path.
 *
 * <p>Lock order, to rule out deadlocks between writers: a path's lease row, then the upload's
 * version row, then (to commit) the namespace lock.
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
                .flatMap(version -> allocations(version, 0, request.allocateOrNone(), now)
                        .map(allocated -> version.lease(config.replicationFactor(), config.writeQuorum(), allocated))));
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

    /** Allocates one chunk (a repeated call gets the same chunk). */
    public Uni<ChunkAllocation> allocate(UUID uploadId, ChunkAllocationRequest request) {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> activeUpload(uploadId, request.generation(), now)
                .flatMap(version -> {
                    int index = request.index();
                    if (index >= version.chunkCount()) {
                        throw ProblemException.badRequest("Upload " + uploadId + " has " + version.chunkCount()
                                + " chunk(s); there is no chunk " + index + ".");
                    }
                    return allocations(version, index, 1, now).map(allocated -> allocated.get(0));
                }));
    }

    /** Records the chunks reported stored and allocates the next ones, in one transaction. */
    public Uni<ChunkBatchReply> batch(UUID uploadId, ChunkBatch batch) {
        OffsetDateTime now = OffsetDateTime.now();
        List<StoredChunk> stored = batch.storedOrNone();
        return Panache.withTransaction(() -> activeUpload(uploadId, batch.generation(), now)
                .flatMap(version -> chunks.byIds(stored.stream().map(StoredChunk::chunkId).toList())
                        .flatMap(known -> record(version, stored, known, now))
                        .flatMap(ignored -> allocations(version, batch.allocateFrom() == null ? 0 : batch.allocateFrom(),
                                batch.allocateCount() == null ? 0 : batch.allocateCount(), now)))
                .map(ChunkBatchReply::new));
    }

    /** Reports one chunk stored. */
    public Uni<Void> chunkWritten(UUID uploadId, int index, ChunkWritten report) {
        OffsetDateTime now = OffsetDateTime.now();
        List<StoredChunk> stored = List.of(new StoredChunk(index, report.chunkId(), report.size(), report.digest(),
                report.replicas()));
        return Panache.withTransaction(() -> activeUpload(uploadId, report.generation(), now)
                .flatMap(version -> chunks.byIds(List.of(report.chunkId()))
                        .flatMap(known -> record(version, stored, known, now))));
    }

    /**
     * The allocations of chunks {@code from} to {@code from + count - 1} (those the file has). Each is
     * placed now, unless an earlier call (this one, retried) placed it already: then it is the same chunk.
     */
    private Uni<List<ChunkAllocation>> allocations(FileVersion version, int from, int count, OffsetDateTime now) {
        int to = (int) Math.min(version.chunkCount(), (long) from + count);
        if (from >= to) {
            return Uni.createFrom().item(List.of());
        }
        return chunks.range(version.id, from, to).flatMap(existing -> servers.all().flatMap(all -> {
            Map<Integer, Chunk> placed = existing.stream().collect(Collectors.toMap(chunk -> chunk.chunkIndex, Function.identity()));
            List<ChunkServer> alive = all.stream().filter(server -> server.state == ServerState.ALIVE).toList();
            List<Chunk> added = new ArrayList<>();
            for (int index = from; index < to; index++) {
                if (!placed.containsKey(index)) {
                    Chunk chunk = place(version, index, alive, now);
                    placed.put(index, chunk);
                    added.add(chunk);
                }
            }
            Map<String, ChunkServer> byId = all.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
            return Unis.forEach(added, chunks::persist).map(ignored -> placed.values().stream()
                    .sorted(java.util.Comparator.comparingInt(chunk -> chunk.chunkIndex))
                    .map(chunk -> allocation(version, chunk, byId))
                    .toList());
        }));
    }

    private Chunk place(FileVersion version, int index, List<ChunkServer> alive, OffsetDateTime now) {
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
        return chunk;
    }

    private static ChunkAllocation allocation(FileVersion version, Chunk chunk, Map<String, ChunkServer> byId) {
        List<ServerRef> targets = chunk.targetIds().stream().map(id -> byId.get(id).ref()).toList();
        long offset = (long) chunk.chunkIndex * version.chunkSize;
        return new ChunkAllocation(chunk.id, chunk.chunkIndex, offset, sizeOf(version, chunk.chunkIndex), targets);
    }

    private static long sizeOf(FileVersion version, int index) {
        return Math.min(version.chunkSize, version.expectedSize - (long) index * version.chunkSize);
    }

    /**
     * Marks reported chunks stored and records their replicas. {@code known} holds (at least) the
     * reported chunks that exist. Reporting a chunk again (a retried call) changes nothing.
     */
    private Uni<Void> record(FileVersion version, List<StoredChunk> stored, List<Chunk> known, OffsetDateTime now) {
        Map<UUID, Chunk> byId = known.stream().collect(Collectors.toMap(chunk -> chunk.id, Function.identity()));
        return Unis.forEach(stored, report -> record(version, report, byId.get(report.chunkId()), now));
    }

    private Uni<Void> record(FileVersion version, StoredChunk report, Chunk chunk, OffsetDateTime now) {
        int index = report.index();
        if (chunk == null || !chunk.versionId.equals(version.id) || chunk.chunkIndex != index) {
            throw ProblemException.badRequest("Chunk " + report.chunkId() + " is not chunk " + index
                    + " of upload " + version.id + ".");
        }
        long expected = sizeOf(version, index);
        if (report.size() != expected) {
            throw ProblemException.badRequest("Chunk " + index + " of this upload holds " + expected
                    + " bytes, not " + report.size() + ".");
        }
        Set<String> replicaIds = new HashSet<>(report.replicas());
        if (!chunk.targetIds().containsAll(replicaIds)) {
            throw ProblemException.badRequest("Chunk " + index + " was placed on " + chunk.targets
                    + "; it cannot be stored on " + replicaIds + ".");
        }
        if (replicaIds.size() < config.writeQuorum()) {
            throw ProblemException.conflict("write-quorum-not-met", "Chunk " + index + " is stored on "
                    + replicaIds.size() + " server(s); the write quorum is " + config.writeQuorum() + ".");
        }
        chunk.state = ChunkState.WRITTEN;
        chunk.size = report.size();
        chunk.digest = report.digest();
        version.bytesReceived = Math.max(version.bytesReceived, (long) index * version.chunkSize + expected);
        return replicas.addAll(chunk.id, replicaIds, now);
    }

    public Uni<UploadLease> renew(UUID uploadId, LeaseRenewal renewal) {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> activeUpload(uploadId, renewal.generation(), now)
                .invoke(version -> version.bytesReceived = Math.max(version.bytesReceived,
                        Math.min(renewal.bytesReceived(), version.expectedSize)))
                .map(version -> version.lease(config.replicationFactor(), config.writeQuorum(), List.of())));
    }

    /**
     * Records the last chunks reported, checks the upload is complete and still holds its lease, and
     * then, under the namespace lock (held as briefly as possible), makes the version the file's content.
     */
    public Uni<EntryStatus> commit(UUID uploadId, CommitRequest request) {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> versions.pathOf(uploadId)
                .flatMap(path -> {
                    if (path == null) {
                        throw ProblemException.notFound("No upload " + uploadId + ".");
                    }
                    return leases.lock(path);
                })
                .flatMap(lease -> versions.lock(uploadId).flatMap(version -> {
                    if (version.state == VersionState.COMMITTED && version.generation == request.generation()) {
                        return committedStatus(version); // a retried commit whose answer was lost
                    }
                    checkActive(uploadId, version, request.generation(), now);
                    if (lease == null || !version.id.equals(lease.versionId) || lease.generation != version.generation) {
                        throw FileSystemProblems.leaseLost("Upload " + uploadId + " no longer holds the lease on "
                                + version.path + (lease == null ? "." : " (now generation " + lease.generation + ")."));
                    }
                    return chunks.ofVersion(version.id)
                            .call(all -> record(version, request.storedOrNone(), all, now))
                            .invoke(all -> checkComplete(version, all))
                            .call(all -> lock.exclusive())
                            .flatMap(all -> publish(version, lease, all, now));
                })));
    }

    private Uni<EntryStatus> publish(FileVersion version, FileLease lease, List<Chunk> written, OffsetDateTime now) {
        PathName path = PathName.parse(version.path);
        return namespace.ensureDirectories(path.parent().orElseThrow(), now)
                .flatMap(ignored -> entries.find(path))
                .flatMap(entry -> {
                    if (entry != null && entry.isDirectory()) {
                        throw FileSystemProblems.isDirectory(path.value());
                    }
                    Uni<FileVersion> current = entry == null ? Uni.createFrom().nullItem() : versions.findById(entry.versionId);
                    return current.map(previous -> {
                        checkPreconditions(path, previous, version.ifMatch, version.ifNoneMatch);
                        if (previous != null) {
                            previous.retire(VersionState.SUPERSEDED, now);
                        }
                        version.state = VersionState.COMMITTED;
                        version.size = version.expectedSize;
                        version.bytesReceived = version.expectedSize;
                        version.etag = ETags.of(version.expectedSize, written);
                        version.committedAt = now;
                        version.leaseExpiresAt = null;
                        lease.versionId = null;
                        return entry;
                    });
                })
                .flatMap(entry -> {
                    if (entry == null) {
                        return entries.persist(Entry.file(path, version.id, now));
                    }
                    entry.versionId = version.id;
                    entry.modifiedAt = now;
                    return Uni.createFrom().item(entry);
                })
                .flatMap(entry -> events.committed(path.value(), version).map(ignored -> entry.status(version)));
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
        return entries.fileWithVersion(version.id).map(entry -> entry != null ? entry.status(version)
                : new EntryStatus(version.path, PathName.parse(version.path).name(), EntryKind.FILE,
                version.size, version.etag, version.generation, version.chunkSize, version.chunkCount(),
                version.createdAt, version.committedAt));
    }

    /** Gives up an upload; its chunks become garbage. Aborting twice, or after the lease was lost, is fine. */
    public Uni<Void> abort(UUID uploadId, long generation) {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> versions.pathOf(uploadId)
                .flatMap(path -> {
                    if (path == null) {
                        throw ProblemException.notFound("No upload " + uploadId + ".");
                    }
                    return leases.lock(path);
                })
                .flatMap(lease -> versions.lock(uploadId).invoke(version -> {
                    if (version.state != VersionState.UPLOADING || version.generation != generation) {
                        return;
                    }
                    version.retire(VersionState.ABORTED, now);
                    if (lease != null && version.id.equals(lease.versionId)) {
                        lease.versionId = null;
                    }
                }))
                .replaceWithVoid());
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
            return chunks.countWritten(version.id).map(written -> version.progress(written));
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
