package dev.octet.metadata.service;

import dev.octet.filesystem.api.v1.VersionState;
import dev.octet.metadata.model.FileVersion;
import dev.octet.metadata.repository.VersionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/** Aborts uploads whose writer stopped renewing its lease (it crashed, or lost its client), freeing the path. */
@ApplicationScoped
public class LeaseReaper {

    private static final Logger LOG = Logger.getLogger(LeaseReaper.class);

    private final VersionRepository versions;
    private final UploadService uploads;

    public LeaseReaper(VersionRepository versions, UploadService uploads) {
        this.versions = versions;
        this.uploads = uploads;
    }

    @Scheduled(every = "${octet.metadata.lease-check-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> reap() {
        OffsetDateTime now = OffsetDateTime.now();
        return Panache.withTransaction(() -> versions.expiredUploads(now, 100)
                        .flatMap(expired -> Unis.forEach(expired, version -> abort(version, now))))
                .onFailure().invoke(e -> LOG.warnf("Lease reaper failed (will retry): %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> abort(FileVersion version, OffsetDateTime now) {
        LOG.infof("Upload %s of %s (generation %d) let its lease expire at %s: aborting it", version.id, version.path,
                version.generation, version.leaseExpiresAt);
        version.retire(VersionState.ABORTED, now);
        return uploads.releaseLease(version);
    }
}
