package dev.octet.chunk.service;

import dev.octet.chunk.client.MetadataClient;
import dev.octet.chunk.config.ChunkServerConfig;
import dev.octet.filesystem.api.v1.ChunkAllocation;
import dev.octet.filesystem.api.v1.EntryStatus;
import dev.octet.filesystem.api.v1.StoredChunk;
import dev.octet.filesystem.api.v1.UploadLease;
import dev.octet.filesystem.api.v1.UploadRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The write path of the front door, the client side of the write protocol: take the lease (which
 * comes with the first chunks' allocations), stream the chunks to their replicas one after another
 * while earlier ones finish storing and the metadata service is told about them in the background,
 * and at the end commit, reporting the last chunks with the commit. A one-chunk file costs two round
 * trips to the metadata service. Any failure aborts the upload, and nothing becomes visible.
 */
@ApplicationScoped
public class FileUploader {

    private static final Logger LOG = Logger.getLogger(FileUploader.class);
    /** Chunks allocated ahead of the one being written. */
    static final int ALLOCATE_AHEAD = 4;
    /** Chunks whose bytes are all sent but whose replicas have not all answered yet, at most. */
    static final int MAX_IN_FLIGHT = 2;

    private final MetadataClient metadata;
    private final ChunkFanOut fanOut;
    private final LeaseKeeper leases;
    private final String serverId;
    private final Counter bytesUploaded;
    private final ExecutorService metadataCalls;

    public FileUploader(MetadataClient metadata, ChunkFanOut fanOut, LeaseKeeper leases, ChunkServerConfig config,
                        MeterRegistry metrics) {
        this.metadata = metadata;
        this.fanOut = fanOut;
        this.leases = leases;
        this.serverId = config.serverId();
        this.bytesUploaded = Counter.builder("octet.files.uploaded.bytes").register(metrics);
        AtomicInteger count = new AtomicInteger();
        this.metadataCalls = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "upload-metadata-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Preconditions from the client's request: an ETag the file must have, or that it must not exist. */
    public record Preconditions(String ifMatch, boolean ifNoneMatch) {
    }

    /** How the client wants the file cut: a chunk size of its own, or null for the file system's. */
    public record Layout(Long chunkSize) {
    }

    public EntryStatus upload(String path, long size, InputStream body, Preconditions preconditions, Layout layout)
            throws IOException {
        // The holder token makes a retried "begin" recognisable as the same upload.
        String holder = serverId + "/" + UUID.randomUUID();
        UploadLease lease = metadata.begin(new UploadRequest(path, size, holder, preconditions.ifMatch(),
                preconditions.ifNoneMatch(), layout.chunkSize(), ALLOCATE_AHEAD));
        UploadPipeline pipeline = new UploadPipeline(metadata, lease, metadataCalls, ALLOCATE_AHEAD, MAX_IN_FLIGHT);
        try (LeaseKeeper.Held held = leases.hold(lease)) {
            for (int index = 0; index < lease.chunks(); index++) {
                held.check();
                pipeline.throwIfFailed();
                ChunkAllocation chunk = pipeline.allocation(index);
                pipeline.track(chunk, fanOut.write(chunk, body, bytes -> {
                    held.received(bytes);
                    bytesUploaded.increment(bytes);
                }));
            }
            List<StoredChunk> lastReports = pipeline.finish();
            held.check();
            held.close(); // the commit ends the lease; no renewal may race it
            EntryStatus committed = metadata.commit(lease.uploadId(), lease.generation(), lastReports);
            LOG.debugf("Committed %s: %d bytes in %d chunk(s), generation %d", path, size, lease.chunks(), lease.generation());
            return committed;
        } catch (IOException | RuntimeException e) {
            abortQuietly(lease, e);
            throw e;
        }
    }

    private void abortQuietly(UploadLease lease, Exception cause) {
        LOG.infof("Upload %s of %s failed (%s); aborting it", lease.uploadId(), lease.path(), cause.getMessage());
        try {
            metadata.abort(lease.uploadId(), lease.generation());
        } catch (RuntimeException e) {
            LOG.debugf("Could not abort upload %s (its lease will expire): %s", lease.uploadId(), e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        metadataCalls.shutdownNow();
    }
}
