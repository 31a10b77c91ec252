package dev.octet.metadata.service;

import dev.octet.metadata.config.MetadataConfig;
import dev.octet.metadata.model.ServerState;
import dev.octet.metadata.repository.ChunkServerRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/**
 * Failure detection: a chunk server that has not sent a heartbeat for {@code dead-after} is dead. Its
 * replicas stop counting (so the replication monitor copies its chunks elsewhere) and stop being
 * handed to readers; they count again if it comes back.
 */
@ApplicationScoped
public class LivenessMonitor {

    private static final Logger LOG = Logger.getLogger(LivenessMonitor.class);

    private final MetadataConfig config;
    private final ChunkServerRepository servers;
    private final OffsetDateTime startedAt = OffsetDateTime.now();

    public LivenessMonitor(MetadataConfig config, ChunkServerRepository servers) {
        this.config = config;
        this.servers = servers;
    }

    @Scheduled(every = "${octet.metadata.liveness-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> check() {
        OffsetDateTime now = OffsetDateTime.now();
        if (now.isBefore(startedAt.plus(config.deadAfter()))) {
            // Just (re)started: the servers' last heartbeats are as old as the restart took. Give them
            // a full dead-after period to check in before judging them, as HDFS's NameNode does.
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> servers.silentSince(now.minus(config.deadAfter())).invoke(silent -> silent
                        .forEach(server -> {
                            LOG.warnf("Chunk server %s has sent no heartbeat since %s: marking it dead", server.id,
                                    server.lastHeartbeatAt);
                            server.state = ServerState.DEAD;
                        })))
                .onFailure().invoke(e -> LOG.warnf("Liveness check failed (will retry): %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
