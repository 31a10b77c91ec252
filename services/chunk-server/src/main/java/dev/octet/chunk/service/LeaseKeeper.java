package dev.octet.chunk.service;

import dev.octet.chunk.client.MetadataClient;
import dev.octet.chunk.config.FrontDoorConfig;
import dev.octet.filesystem.api.v1.UploadLease;
import dev.octet.platform.web.ProblemException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Renews upload leases while their uploads run, reporting each upload's progress with every renewal,
 * and notices a lease that was lost so the upload stops instead of writing for nothing.
 */
@ApplicationScoped
public class LeaseKeeper {

    private static final Logger LOG = Logger.getLogger(LeaseKeeper.class);

    private final MetadataClient metadata;
    private final FrontDoorConfig config;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1, task -> {
        Thread thread = new Thread(task, "lease-keeper");
        thread.setDaemon(true);
        return thread;
    });

    public LeaseKeeper(MetadataClient metadata, FrontDoorConfig config) {
        this.metadata = metadata;
        this.config = config;
    }

    public Held hold(UploadLease lease) {
        return new Held(lease);
    }

    /** One upload's lease, renewed until closed. */
    public final class Held implements AutoCloseable {

        private final UploadLease lease;
        private final AtomicLong bytesReceived = new AtomicLong();
        private final AtomicReference<ProblemException> lost = new AtomicReference<>();
        private final ScheduledFuture<?> renewal;

        private Held(UploadLease lease) {
            this.lease = lease;
            long every = config.progressInterval().toMillis();
            this.renewal = timer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        }

        public void received(long bytes) {
            bytesReceived.addAndGet(bytes);
        }

        /** Throws the metadata service's answer if the lease was lost (expired, or another writer took it). */
        public void check() {
            ProblemException problem = lost.get();
            if (problem != null) {
                throw problem;
            }
        }

        private void renew() {
            try {
                metadata.renew(lease.uploadId(), lease.generation(), Math.min(bytesReceived.get(), lease.size()));
            } catch (ProblemException e) {
                LOG.warnf("Upload %s lost its lease on %s: %s", lease.uploadId(), lease.path(), e.getMessage());
                lost.compareAndSet(null, e);
                renewal.cancel(false);
            } catch (RuntimeException e) {
                LOG.debugf("Could not renew the lease of upload %s (will retry): %s", lease.uploadId(), e.getMessage());
            }
        }

        @Override
        public void close() {
            renewal.cancel(false);
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
