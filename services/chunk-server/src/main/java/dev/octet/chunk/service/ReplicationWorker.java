package dev.octet.chunk.service;

import dev.octet.chunk.client.MetadataClient;
import dev.octet.chunk.client.PeerClient;
import dev.octet.chunk.config.ChunkServerConfig;
import dev.octet.chunk.config.FrontDoorConfig;
import dev.octet.chunk.format.ChunkFormat;
import dev.octet.chunk.format.VerifiedChunkStream;
import dev.octet.chunk.storage.ChunkStore;
import dev.octet.filesystem.api.v1.HeartbeatReply.ReplicationOrder;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Re-replication, on the metadata service's orders: streams a local replica, verified, to another
 * chunk server, then reports the new replica. A bounded pool does the copies, so repairs never crowd
 * out client traffic. A copy that fails is not retried here: the metadata service orders it again.
 */
@ApplicationScoped
public class ReplicationWorker {

    private static final Logger LOG = Logger.getLogger(ReplicationWorker.class);

    private final ChunkStore store;
    private final PeerClient peers;
    private final MetadataClient metadata;
    private final BadReplicaReporter reporter;
    private final FrontDoorConfig frontDoor;
    private final MeterRegistry metrics;
    private final ThreadPoolExecutor pool;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    public ReplicationWorker(ChunkStore store, PeerClient peers, MetadataClient metadata, BadReplicaReporter reporter,
                             ChunkServerConfig config, FrontDoorConfig frontDoor, MeterRegistry metrics) {
        this.store = store;
        this.peers = peers;
        this.metadata = metadata;
        this.reporter = reporter;
        this.frontDoor = frontDoor;
        this.metrics = metrics;
        int threads = Math.max(1, config.replicationThreads());
        this.pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(1000), task -> {
            Thread thread = new Thread(task, "chunk-replication");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void submit(ReplicationOrder order) {
        String key = order.chunkId() + ">" + order.target().id();
        if (!inFlight.add(key)) {
            return;
        }
        try {
            pool.execute(() -> {
                try {
                    copy(order);
                } finally {
                    inFlight.remove(key);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(key);
            LOG.debugf("Replication queue full; chunk %s will be ordered again", order.chunkId());
        }
    }

    private void copy(ReplicationOrder order) {
        UUID chunkId = order.chunkId();
        VerifiedChunkStream verified = null;
        try {
            long storedSize = store.storedSize(chunkId);
            long chunkLength = ChunkFormat.chunkLengthOf(storedSize);
            verified = new VerifiedChunkStream(store.open(chunkId), chunkLength);
            peers.putChunk(order.target(), chunkId, chunkLength, verified)
                    .get(frontDoor.transferTimeout().toMillis(), TimeUnit.MILLISECONDS);
            metadata.replicaAdded(chunkId, order.target().id());
            metrics.counter("octet.chunk.replications", "outcome", "copied").increment();
            LOG.infof("Copied chunk %s to %s", chunkId, order.target().id());
        } catch (IOException e) {
            failed(chunkId, order, e);
        } catch (ExecutionException e) {
            IOException localFailure = verified == null ? null : verified.failure();
            failed(chunkId, order, localFailure != null ? localFailure : e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            failed(chunkId, order, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(verified);
        }
    }

    private void failed(UUID chunkId, ReplicationOrder order, Throwable failure) {
        metrics.counter("octet.chunk.replications", "outcome", "failed").increment();
        LOG.warnf("Could not copy chunk %s to %s: %s", chunkId, order.target().id(),
                failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName());
        if (failure instanceof IOException io) {
            reporter.reportIfBad(chunkId, io);
        }
    }

    private static void closeQuietly(VerifiedChunkStream stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Nothing more to read from it.
            }
        }
    }

    @PreDestroy
    void close() {
        pool.shutdownNow();
    }
}
