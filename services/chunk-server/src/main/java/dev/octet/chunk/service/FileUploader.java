package dev.octet.chunk.service;

import dev.octet.chunk.client.MetadataClient;
import dev.octet.chunk.config.ChunkServerConfig;
import dev.octet.chunk.model.ChunkAllocation;
import dev.octet.chunk.model.ChunkWritten;
import dev.octet.chunk.model.EntryStatus;
import dev.octet.chunk.model.UploadLease;
import dev.octet.chunk.model.UploadRequest;
import dev.octet.platform.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The write path of the front door, the client side of the write protocol: take the lease, then for
 * each chunk get an id and replicas from the metadata service and stream the chunk to them, report it
 * stored, and at the end commit. Any failure aborts the upload, and nothing becomes visible.
 */
@ApplicationScoped
public class FileUploader {

    private static final Logger LOG = Logger.getLogger(FileUploader.class);

    private final MetadataClient metadata;
    private final ChunkFanOut fanOut;
    private final LeaseKeeper leases;
    private final String serverId;
    private final Counter bytesUploaded;

    public FileUploader(MetadataClient metadata, ChunkFanOut fanOut, LeaseKeeper leases, ChunkServerConfig config,
                        MeterRegistry metrics) {
        this.metadata = metadata;
        this.fanOut = fanOut;
        this.leases = leases;
        this.serverId = config.serverId();
        this.bytesUploaded = Counter.builder("octet.files.uploaded.bytes").register(metrics);
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
                preconditions.ifNoneMatch(), layout.chunkSize()));
        try (LeaseKeeper.Held held = leases.hold(lease)) {
            for (int index = 0; index < lease.chunks(); index++) {
                held.check();
                writeChunk(lease, index, body, held);
            }
            held.check();
            EntryStatus committed = metadata.commit(lease.uploadId(), lease.generation());
            LOG.debugf("Committed %s: %d bytes in %d chunk(s), generation %d", path, size, lease.chunks(), lease.generation());
            return committed;
        } catch (IOException | RuntimeException e) {
            abortQuietly(lease, e);
            throw e;
        }
    }

    private void writeChunk(UploadLease lease, int index, InputStream body, LeaseKeeper.Held held) throws IOException {
        ChunkAllocation chunk = metadata.allocate(lease.uploadId(), lease.generation(), index);
        ChunkFanOut.Outcome outcome = fanOut.write(chunk, body, bytes -> {
            held.received(bytes);
            bytesUploaded.increment(bytes);
        });
        if (outcome.stored().size() < lease.writeQuorum()) {
            throw new ProblemException(503, "write-quorum-not-met", "Write failed",
                    "Chunk " + index + " was stored by " + outcome.stored().size() + " chunk server(s), fewer than the write quorum of "
                            + lease.writeQuorum() + "; the upload was aborted and nothing was written. Failures: "
                            + outcome.failures());
        }
        if (!outcome.failures().isEmpty()) {
            LOG.warnf("Chunk %d of %s stored on %s only (%s); it will be re-replicated", index, lease.path(),
                    outcome.stored(), outcome.failures());
        }
        metadata.chunkWritten(lease.uploadId(), index, new ChunkWritten(lease.generation(), chunk.chunkId(), chunk.size(),
                outcome.digest(), outcome.stored()));
    }

    private void abortQuietly(UploadLease lease, Exception cause) {
        LOG.infof("Upload %s of %s failed (%s); aborting it", lease.uploadId(), lease.path(), cause.getMessage());
        try {
            metadata.abort(lease.uploadId(), lease.generation());
        } catch (RuntimeException e) {
            LOG.debugf("Could not abort upload %s (its lease will expire): %s", lease.uploadId(), e.getMessage());
        }
    }
}
