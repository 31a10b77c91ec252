package dev.octet.chunk.service;

import dev.octet.chunk.client.MetadataClient;
import dev.octet.chunk.config.ChunkServerConfig;
import dev.octet.chunk.format.CorruptChunkException;
import dev.octet.chunk.storage.ReplicaMissingException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Tells the metadata service that one of this server's replicas is corrupt or missing, so it stops
 * sending readers here, orders the replica deleted and copies the chunk from a good replica.
 */
@ApplicationScoped
public class BadReplicaReporter {

    private static final Logger LOG = Logger.getLogger(BadReplicaReporter.class);

    private final MetadataClient metadata;
    private final String serverId;
    private final MeterRegistry metrics;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "bad-replica-reporter");
        thread.setDaemon(true);
        return thread;
    });

    public BadReplicaReporter(MetadataClient metadata, ChunkServerConfig config, MeterRegistry metrics) {
        this.metadata = metadata;
        this.serverId = config.serverId();
        this.metrics = metrics;
    }

    /** Reports the replica if {@code failure} shows it is bad; other failures (the store is down) are not its fault. */
    public void reportIfBad(UUID chunkId, IOException failure) {
        String reason = failure instanceof CorruptChunkException ? "corrupt"
                : failure instanceof ReplicaMissingException ? "missing" : null;
        if (reason == null) {
            return;
        }
        LOG.warnf("Replica of chunk %s on %s is %s: %s", chunkId, serverId, reason, failure.getMessage());
        metrics.counter("octet.chunk.bad.replicas", "reason", reason).increment();
        sender.execute(() -> {
            try {
                metadata.badReplica(chunkId, serverId, reason);
            } catch (RuntimeException e) {
                LOG.warnf("Could not report the %s replica of chunk %s: %s (the next block report will)", reason, chunkId,
                        e.getMessage());
            }
        });
    }

    @PreDestroy
    void close() {
        sender.shutdown();
    }
}
