package dev.octet.chunk.service;

import dev.octet.chunk.client.MetadataClient;
import dev.octet.chunk.config.ChunkServerConfig;
import dev.octet.chunk.storage.ChunkStore;
import dev.octet.chunk.storage.StoredChunk;
import dev.octet.filesystem.api.v1.BlockReport;
import dev.octet.filesystem.api.v1.BlockReportReply;
import dev.octet.filesystem.api.v1.Heartbeat;
import dev.octet.filesystem.api.v1.HeartbeatReply;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The server's side of the registry: a heartbeat every second or so (alive, free space, deletions
 * done) whose reply carries orders, and a periodic block report of everything in the bucket.
 */
@ApplicationScoped
public class HeartbeatService {

    private static final Logger LOG = Logger.getLogger(HeartbeatService.class);

    private final MetadataClient metadata;
    private final ChunkStore store;
    private final ReplicaService replicas;
    private final LocalInventory inventory;
    private final ReplicationWorker replication;
    private final ChunkServerConfig config;
    private final AtomicBoolean registered = new AtomicBoolean();
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    public HeartbeatService(MetadataClient metadata, ChunkStore store, ReplicaService replicas, LocalInventory inventory,
                            ReplicationWorker replication, ChunkServerConfig config) {
        this.metadata = metadata;
        this.store = store;
        this.replicas = replicas;
        this.inventory = inventory;
        this.replication = replication;
        this.config = config;
    }

    @Scheduled(every = "${octet.chunk.heartbeat-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void heartbeat() {
        if (!store.ensureBucket()) {
            return;
        }
        List<UUID> deleted = inventory.drainDeleted();
        HeartbeatReply reply;
        try {
            reply = metadata.heartbeat(config.serverId(), new Heartbeat(config.advertisedUrl(),
                    config.capacity().asLongValue(), inventory.usedBytes(), inventory.chunkCount(), deleted));
        } catch (RuntimeException e) {
            inventory.undrain(deleted);
            if (reachable.compareAndSet(true, false)) {
                LOG.warnf("Cannot reach the metadata service (will keep trying): %s", e.getMessage());
            }
            return;
        }
        if (reachable.compareAndSet(false, true) || registered.compareAndSet(false, true)) {
            LOG.infof("Chunk server %s is in touch with the metadata service", config.serverId());
        }
        deleteAll(reply.deleteChunks());
        reply.replicate().forEach(replication::submit);
    }

    @Scheduled(every = "${octet.chunk.block-report-interval:60s}", delayed = "${octet.chunk.block-report-delay:3s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void blockReport() {
        if (!registered.get()) {
            return;
        }
        try {
            OffsetDateTime listedAt = OffsetDateTime.now();
            List<StoredChunk> stored = store.list();
            inventory.recount(stored.stream().mapToLong(StoredChunk::storedSize).sum(), stored.size());
            BlockReportReply reply = metadata.blockReport(config.serverId(),
                    new BlockReport(listedAt, stored.stream().map(StoredChunk::id).toList()));
            deleteAll(reply.deleteChunks());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Block report failed (will retry): %s", e.getMessage());
        }
    }

    private void deleteAll(List<UUID> chunkIds) {
        for (UUID chunkId : chunkIds) {
            try {
                replicas.delete(chunkId);
            } catch (IOException e) {
                LOG.warnf("Could not delete chunk %s (will be asked again): %s", chunkId, e.getMessage());
            }
        }
        if (!chunkIds.isEmpty()) {
            LOG.debugf("Deleted %d replica(s) on the metadata service's orders", chunkIds.size());
        }
    }
}
