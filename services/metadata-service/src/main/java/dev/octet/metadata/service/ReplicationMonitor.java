package dev.octet.metadata.service;

import dev.octet.metadata.config.MetadataConfig;
import dev.octet.metadata.model.ChunkServer;
import dev.octet.metadata.model.ReplicationTask;
import dev.octet.metadata.repository.ChunkServerRepository;
import dev.octet.metadata.repository.DeletionRepository;
import dev.octet.metadata.repository.ReplicaRepository;
import dev.octet.metadata.repository.ReplicationTaskRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * Keeps every chunk at the replication factor. Each round it finds chunks of live versions whose
 * replicas on live servers (plus copies already ordered) differ from the factor: for too few it orders
 * copies from a live replica to servers chosen by {@link Placement}; for too many it drops the replicas
 * on the fullest servers and orders their deletion.
 */
@ApplicationScoped
public class ReplicationMonitor {

    private static final Logger LOG = Logger.getLogger(ReplicationMonitor.class);

    // One row per chunk whose live replicas plus pending copies are not the replication factor.
    private static final String MISREPLICATED = """
            select c.id,
                   coalesce(string_agg(r.server_id, ',') filter (where s.state = 'ALIVE'), '') as live,
                   string_agg(r.server_id, ',') as holders,
                   (select count(*) from replication_task t where t.chunk_id = c.id) as pending
            from chunk c
            join file_version v on v.id = c.version_id
            join replica r on r.chunk_id = c.id
            join chunk_server s on s.id = r.server_id
            where c.state = 'WRITTEN' and v.state in ('UPLOADING', 'COMMITTED')
            group by c.id
            having count(*) filter (where s.state = 'ALIVE')
                       + (select count(*) from replication_task t where t.chunk_id = c.id) <> :factor
            order by count(*) filter (where s.state = 'ALIVE')
            limit :batch
            """;

    private final MetadataConfig config;
    private final ChunkServerRepository servers;
    private final ReplicaRepository replicas;
    private final ReplicationTaskRepository tasks;
    private final DeletionRepository deletions;

    public ReplicationMonitor(MetadataConfig config, ChunkServerRepository servers, ReplicaRepository replicas,
                              ReplicationTaskRepository tasks, DeletionRepository deletions) {
        this.config = config;
        this.servers = servers;
        this.replicas = replicas;
        this.tasks = tasks;
        this.deletions = deletions;
    }

    @Scheduled(every = "${octet.metadata.replication-interval:2s}", delayed = "${octet.metadata.replication-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        return run().onFailure().invoke(e -> LOG.warnf("Replication round failed (will retry): %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** One round; returns how many copies and removals it ordered. */
    public Uni<Integer> run() {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> tasks.expire(now)
                .flatMap(expired -> servers.alive())
                .flatMap(alive -> misreplicated().flatMap(rows -> {
                    Map<String, ChunkServer> aliveById = alive.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
                    int[] ordered = {0};
                    return Unis.forEach(rows, row -> repair(row, alive, aliveById, now).invoke(n -> ordered[0] += n))
                            .map(ignored -> ordered[0]);
                })));
    }

    private Uni<List<Misreplicated>> misreplicated() {
        return servers.getSession().flatMap(session -> session.createNativeQuery(MISREPLICATED, Object[].class)
                        .setParameter("factor", config.replicationFactor())
                        .setParameter("batch", config.replicationBatch())
                        .getResultList())
                .map(rows -> rows.stream().map(Misreplicated::of).toList());
    }

    private Uni<Integer> repair(Misreplicated chunk, List<ChunkServer> alive, Map<String, ChunkServer> aliveById,
                                OffsetDateTime now) {
        int missing = config.replicationFactor() - chunk.live().size() - (int) chunk.pending();
        if (missing > 0 && !chunk.live().isEmpty()) {
            return copy(chunk, missing, alive, now);
        }
        int surplus = chunk.live().size() - config.replicationFactor();
        if (surplus > 0 && chunk.pending() == 0) {
            return removeSurplus(chunk, surplus, aliveById, now);
        }
        return Uni.createFrom().item(0);
    }

    private Uni<Integer> copy(Misreplicated chunk, int missing, List<ChunkServer> alive, OffsetDateTime now) {
        return tasks.targetsOf(chunk.id()).flatMap(pendingTargets -> deletions.serversDeleting(chunk.id())
                .flatMap(deleting -> {
                    Set<String> excluded = new HashSet<>(chunk.holders());
                    excluded.addAll(pendingTargets);
                    excluded.addAll(deleting);
                    List<ChunkServer> targets = Placement.choose(alive, missing, excluded, ThreadLocalRandom.current());
                    List<ReplicationTask> orders = new ArrayList<>();
                    for (ChunkServer target : targets) {
                        ReplicationTask task = new ReplicationTask();
                        task.chunkId = chunk.id();
                        task.targetId = target.id;
                        task.sourceId = chunk.live().get(ThreadLocalRandom.current().nextInt(chunk.live().size()));
                        task.expiresAt = now.plus(config.replicationTimeout());
                        orders.add(task);
                    }
                    if (orders.isEmpty()) {
                        LOG.debugf("Chunk %s has %d live replica(s) of %d and no server to copy it to (holders %s, deleting %s)",
                                chunk.id(), chunk.live().size(), config.replicationFactor(), chunk.holders(), deleting);
                    } else {
                        LOG.infof("Chunk %s has %d live replica(s) of %d: copying it to %s", chunk.id(), chunk.live().size(),
                                config.replicationFactor(), orders.stream().map(t -> t.targetId).toList());
                    }
                    return tasks.persist(orders).replaceWith(orders.size());
                }));
    }

    private Uni<Integer> removeSurplus(Misreplicated chunk, int surplus, Map<String, ChunkServer> aliveById,
                                       OffsetDateTime now) {
        List<String> fullestFirst = chunk.live().stream()
                .sorted(Comparator.comparingLong((String id) -> aliveById.get(id).freeBytes()))
                .limit(surplus)
                .toList();
        LOG.infof("Chunk %s has %d live replicas of %d: removing those on %s", chunk.id(), chunk.live().size(),
                config.replicationFactor(), fullestFirst);
        return Unis.forEach(fullestFirst, serverId -> replicas.remove(chunk.id(), serverId)
                        .flatMap(removed -> deletions.queue(serverId, chunk.id(), now)))
                .replaceWith(fullestFirst.size());
    }

    private record Misreplicated(UUID id, List<String> live, List<String> holders, long pending) {

        static Misreplicated of(Object[] row) {
            return new Misreplicated((UUID) row[0], split((String) row[1]), split((String) row[2]),
                    ((Number) row[3]).longValue());
        }

        private static List<String> split(String csv) {
            return csv == null || csv.isEmpty() ? List.of() : Arrays.asList(csv.split(","));
        }
    }
}
