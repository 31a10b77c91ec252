package dev.octet.metadata.service;

import dev.octet.metadata.config.MetadataConfig;
import dev.octet.metadata.model.FileVersion;
import dev.octet.metadata.repository.DeletionRepository;
import dev.octet.metadata.repository.VersionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/**
 * Lazy garbage collection, as in GFS: a deleted, overwritten or aborted version keeps its chunks for a
 * grace period (so reads that started on it finish), then its replicas are queued for deletion — the
 * servers learn it from their heartbeats — and its metadata is dropped. Replicas nobody queued (a
 * write that failed half-way) are found by block reports: a chunk the metadata does not know is deleted.
 */
@ApplicationScoped
public class GarbageCollector {

    private static final Logger LOG = Logger.getLogger(GarbageCollector.class);
    private static final int BATCH = 50;

    private final MetadataConfig config;
    private final VersionRepository versions;
    private final DeletionRepository deletions;

    public GarbageCollector(MetadataConfig config, VersionRepository versions, DeletionRepository deletions) {
        this.config = config;
        this.versions = versions;
        this.deletions = deletions;
    }

    @Scheduled(every = "${octet.metadata.gc-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> collect() {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> versions.retiredBefore(now.minus(config.gcGrace()), BATCH)
                        .flatMap(retired -> Unis.forEach(retired, version -> drop(version, now))))
                .onFailure().invoke(e -> LOG.warnf("Garbage collection failed (will retry): %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> drop(FileVersion version, OffsetDateTime now) {
        return deletions.queueVersion(version.id, now)
                .invoke(queued -> LOG.debugf("Collecting %s version %s of %s: %d replica(s) to delete",
                        version.state, version.id, version.path, queued))
                // Chunks, replicas and copy orders go with the version (on delete cascade).
                .flatMap(queued -> versions.delete("id", version.id))
                .replaceWithVoid();
    }
}
