package dev.octet.metadata.service;

import dev.octet.filesystem.api.v1.BadReplicaReport;
import dev.octet.filesystem.api.v1.BlockReport;
import dev.octet.filesystem.api.v1.BlockReportReply;
import dev.octet.filesystem.api.v1.Heartbeat;
import dev.octet.filesystem.api.v1.HeartbeatReply;
import dev.octet.filesystem.api.v1.ReplicaReport;
import dev.octet.metadata.config.MetadataConfig;
import dev.octet.metadata.model.ChunkServer;
import dev.octet.metadata.model.ChunkState;
import dev.octet.metadata.model.ChunkStatus;
import dev.octet.metadata.model.ReplicationTask;
import dev.octet.metadata.model.ServerState;
import dev.octet.metadata.model.ServerStatus;
import dev.octet.metadata.repository.ChunkRepository;
import dev.octet.metadata.repository.ChunkServerRepository;
import dev.octet.metadata.repository.DeletionRepository;
import dev.octet.metadata.repository.ReplicaRepository;
import dev.octet.metadata.repository.ReplicationTaskRepository;
import dev.octet.platform.web.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The chunk-server registry: heartbeats keep servers alive and carry orders back (delete these
 * replicas, copy those to that server); block reports reconcile what a server really holds with what
 * the metadata says it holds.
 */
@ApplicationScoped
public class ChunkServerRegistry {

    private static final Logger LOG = Logger.getLogger(ChunkServerRegistry.class);
    private static final int MAX_ORDERS = 500;
    private static final int MAX_COPIES = 8;
    private static final int REPORT_BATCH = 2000;

    private final MetadataConfig config;
    private final ChunkServerRepository servers;
    private final ChunkRepository chunks;
    private final ReplicaRepository replicas;
    private final ReplicationTaskRepository tasks;
    private final DeletionRepository deletions;
    private final MeterRegistry metrics;

    public ChunkServerRegistry(MetadataConfig config, ChunkServerRepository servers, ChunkRepository chunks,
                               ReplicaRepository replicas, ReplicationTaskRepository tasks, DeletionRepository deletions,
                               MeterRegistry metrics) {
        this.config = config;
        this.servers = servers;
        this.chunks = chunks;
        this.replicas = replicas;
        this.tasks = tasks;
        this.deletions = deletions;
        this.metrics = metrics;
    }

    public Uni<HeartbeatReply> heartbeat(String serverId, Heartbeat heartbeat) {
        checkId(serverId);
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> servers.lock(serverId)
                .flatMap(server -> server == null ? register(serverId, heartbeat, now) : refresh(server, heartbeat, now))
                .flatMap(server -> deletions.confirm(serverId, heartbeat.deletedChunks()))
                .flatMap(ignored -> deletions.due(serverId, now.minus(config.deletionResendAfter()), MAX_ORDERS))
                .flatMap(due -> {
                    due.forEach(deletion -> deletion.sentAt = now);
                    List<UUID> delete = due.stream().map(d -> d.chunkId).toList();
                    return tasks.unsentFrom(serverId, MAX_COPIES)
                            .flatMap(copies -> servers.all().map(all -> orders(delete, copies, all, now)));
                }));
    }

    private Uni<ChunkServer> register(String serverId, Heartbeat heartbeat, OffsetDateTime now) {
        LOG.infof("Chunk server %s registered at %s", serverId, heartbeat.url());
        ChunkServer server = new ChunkServer();
        server.id = serverId;
        server.registeredAt = now;
        update(server, heartbeat, now);
        return servers.persist(server);
    }

    private Uni<ChunkServer> refresh(ChunkServer server, Heartbeat heartbeat, OffsetDateTime now) {
        if (server.state == ServerState.DEAD) {
            LOG.infof("Chunk server %s is alive again", server.id);
        }
        update(server, heartbeat, now);
        return Uni.createFrom().item(server);
    }

    private static void update(ChunkServer server, Heartbeat heartbeat, OffsetDateTime now) {
        server.url = heartbeat.url();
        server.state = ServerState.ALIVE;
        server.capacityBytes = heartbeat.capacityBytes();
        server.usedBytes = heartbeat.usedBytes();
        server.chunkCount = heartbeat.chunkCount();
        server.lastHeartbeatAt = now;
    }

    private static HeartbeatReply orders(List<UUID> delete, List<ReplicationTask> copies, List<ChunkServer> all,
                                         OffsetDateTime now) {
        Map<String, ChunkServer> byId = all.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
        List<HeartbeatReply.ReplicationOrder> replicate = new ArrayList<>();
        for (ReplicationTask copy : copies) {
            copy.sentAt = now;
            replicate.add(new HeartbeatReply.ReplicationOrder(copy.chunkId, byId.get(copy.targetId).ref()));
        }
        return new HeartbeatReply(delete, replicate);
    }

    /**
     * Reconciles a server's full inventory. A reported chunk it should not have (unknown, or known but
     * not recorded on this server and not being written or copied there) is to be deleted; a replica
     * recorded well before the listing started but not reported is lost.
     */
    public Uni<BlockReportReply> blockReport(String serverId, BlockReport report) {
        checkId(serverId);
        OffsetDateTime lostBefore = report.listedAt().minus(config.blockReportMargin());
        Set<UUID> reported = new HashSet<>(report.chunks());
        List<List<UUID>> batches = batches(List.copyOf(reported));
        List<UUID> delete = new ArrayList<>();
        return Panache.withTransaction(() -> servers.findById(serverId)
                .flatMap(server -> {
                    if (server == null) {
                        throw ProblemException.notFound("Chunk server " + serverId + " is not registered; send a heartbeat first.");
                    }
                    return tasks.pendingTo(serverId);
                })
                .flatMap(incoming -> Unis.forEach(batches, batch -> chunks.statesOf(batch)
                        .flatMap(states -> replicas.heldBy(serverId, batch).invoke(held -> {
                            for (UUID id : batch) {
                                ChunkState state = states.get(id);
                                boolean expected = held.contains(id) || state == ChunkState.ALLOCATED || incoming.contains(id);
                                if (state == null || !expected) {
                                    delete.add(id);
                                }
                            }
                        }))))
                .flatMap(ignored -> replicas.recordedBefore(serverId, lostBefore))
                .flatMap(recorded -> {
                    List<UUID> lost = recorded.stream().filter(id -> !reported.contains(id)).toList();
                    if (!lost.isEmpty()) {
                        LOG.warnf("Chunk server %s lost %d replica(s), e.g. %s", serverId, lost.size(), lost.get(0));
                    }
                    return replicas.removeAll(serverId, lost);
                })
                .map(ignored -> {
                    if (!delete.isEmpty()) {
                        LOG.infof("Chunk server %s holds %d chunk(s) it should not; ordering their deletion", serverId, delete.size());
                    }
                    return new BlockReportReply(delete);
                }));
    }

    /** A copy ordered by the replication monitor arrived: the target now holds a verified replica. */
    public Uni<Void> replicaAdded(UUID chunkId, ReplicaReport report) {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> tasks.complete(chunkId, report.serverId())
                .flatMap(ignored -> chunks.findById(chunkId))
                .flatMap(chunk -> chunk == null ? Uni.createFrom().voidItem()
                        : servers.findById(report.serverId()).flatMap(server -> server == null
                        ? Uni.createFrom().voidItem()
                        : replicas.add(chunkId, server.id, now))));
    }

    /** A server found its replica corrupt or missing: it is no replica any more, and is deleted. */
    public Uni<Void> badReplica(UUID chunkId, BadReplicaReport report) {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> servers.findById(report.serverId()).flatMap(server -> {
            if (server == null) {
                throw ProblemException.notFound("Chunk server " + report.serverId() + " is not registered.");
            }
            return replicas.remove(chunkId, server.id).flatMap(removed -> {
                if (removed) {
                    LOG.warnf("Replica of chunk %s on %s is %s; it will be deleted and the chunk re-replicated",
                            chunkId, server.id, report.reason());
                    metrics.counter("octet.metadata.bad.replicas", "reason", report.reason()).increment();
                }
                return deletions.queue(server.id, chunkId, now);
            });
        }));
    }

    public Uni<List<ServerStatus>> list() {
        return Panache.withSession(() -> replicas.countsByServer().flatMap(counts -> servers.all().map(all -> all.stream()
                .map(server -> ServerStatus.of(server, counts.getOrDefault(server.id, 0L))).toList())));
    }

    public Uni<ChunkStatus> chunk(UUID chunkId) {
        return Panache.withSession(() -> chunks.findById(chunkId).flatMap(chunk -> {
            if (chunk == null) {
                throw ProblemException.notFound("No chunk " + chunkId + ".");
            }
            return replicas.ofChunk(chunkId).flatMap(held -> servers.all().map(all -> {
                Map<String, ChunkServer> byId = all.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
                List<ChunkStatus.ReplicaStatus> statuses = held.stream()
                        .map(r -> new ChunkStatus.ReplicaStatus(r.serverId, byId.get(r.serverId).state))
                        .sorted(java.util.Comparator.comparing(ChunkStatus.ReplicaStatus::serverId))
                        .toList();
                return new ChunkStatus(chunk.id, chunk.versionId, chunk.chunkIndex, chunk.state, chunk.size,
                        chunk.digest, statuses);
            }));
        }));
    }

    private static void checkId(String serverId) {
        if (serverId == null || !serverId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw ProblemException.badRequest("A chunk server id is 1 to 64 letters, digits, '.', '_' or '-'.");
        }
    }

    private static List<List<UUID>> batches(List<UUID> ids) {
        List<List<UUID>> batches = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += REPORT_BATCH) {
            batches.add(ids.subList(from, Math.min(ids.size(), from + REPORT_BATCH)));
        }
        return batches;
    }
}
