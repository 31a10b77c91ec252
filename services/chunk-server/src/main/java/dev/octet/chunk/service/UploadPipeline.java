package dev.octet.chunk.service;

import dev.octet.chunk.client.MetadataClient;
import dev.octet.filesystem.api.v1.ChunkAllocation;
import dev.octet.filesystem.api.v1.ChunkBatchReply;
import dev.octet.filesystem.api.v1.StoredChunk;
import dev.octet.filesystem.api.v1.UploadLease;
import dev.octet.platform.web.ProblemException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * One upload's chunks in flight, and its conversation with the metadata service while they are. The
 * writer never waits for the metadata service between two chunks: allocations are fetched ahead of it,
 * several per call, each call also reporting the chunks stored since the last, and the calls run one
 * after another off the data path. Nor does it wait for a chunk's replicas to finish storing before
 * it streams the next chunk; but at most {@code maxInFlight} chunks may be unfinished at once, so
 * memory stays bounded however large the file.
 *
 * <p>Used by one thread, the one reading the upload; only the completions arrive on other threads.
 */
final class UploadPipeline {

    private static final Logger LOG = Logger.getLogger(UploadPipeline.class);

    private final MetadataClient metadata;
    private final UploadLease lease;
    private final Executor callThreads;
    private final int ahead;
    private final int maxInFlight;
    private final Map<Integer, ChunkAllocation> allocations = new ConcurrentHashMap<>();
    private final Queue<StoredChunk> unreported = new ConcurrentLinkedQueue<>();
    private final Deque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    /** The latest metadata call; each call starts when the one before it ended. */
    private CompletableFuture<Void> calls = CompletableFuture.completedFuture(null);
    /** Chunks below this index have been allocated or asked for. */
    private int requested;

    UploadPipeline(MetadataClient metadata, UploadLease lease, Executor callThreads, int ahead, int maxInFlight) {
        this.metadata = metadata;
        this.lease = lease;
        this.callThreads = callThreads;
        this.ahead = ahead;
        this.maxInFlight = maxInFlight;
        lease.allocationsOrNone().forEach(allocation -> allocations.put(allocation.index(), allocation));
        this.requested = lease.allocationsOrNone().size();
    }

    /** The allocation of chunk {@code index}; asks for the next ones when few are left ahead of it. */
    ChunkAllocation allocation(int index) throws IOException {
        askAhead(index);
        ChunkAllocation allocation = allocations.get(index);
        if (allocation == null) {
            join(calls);
            allocation = allocations.get(index);
            if (allocation == null) {
                throw new IllegalStateException("the metadata service allocated no chunk " + index + " of " + lease.path());
            }
        }
        return allocation;
    }

    private void askAhead(int index) {
        int wanted = Math.min(lease.chunks(), index + 1 + ahead);
        int left = requested - index - 1;
        if (requested >= wanted || left >= (ahead + 1) / 2) {
            return;
        }
        int from = requested;
        int count = wanted - from;
        requested = wanted;
        calls = calls.thenRunAsync(() -> {
            ChunkBatchReply reply = metadata.batch(lease.uploadId(), lease.generation(), drainReports(), from, count);
            reply.allocations().forEach(allocation -> allocations.put(allocation.index(), allocation));
        }, callThreads);
    }

    /**
     * Takes a chunk whose bytes have all been handed to its replicas; the chunk is reported stored once
     * its outcome meets the write quorum. Waits while too many chunks are unfinished.
     */
    void track(ChunkAllocation chunk, CompletableFuture<ChunkFanOut.Outcome> outcome) throws IOException {
        inFlight.add(outcome.thenAccept(result -> unreported.add(stored(chunk, result))));
        while (inFlight.size() > maxInFlight) {
            join(inFlight.poll());
        }
    }

    private StoredChunk stored(ChunkAllocation chunk, ChunkFanOut.Outcome outcome) {
        if (outcome.stored().size() < lease.writeQuorum()) {
            throw new ProblemException(503, "write-quorum-not-met", "Write failed",
                    "Chunk " + chunk.index() + " was stored by " + outcome.stored().size() + " chunk server(s), fewer than the write quorum of "
                            + lease.writeQuorum() + "; the upload was aborted and nothing was written. Failures: "
                            + outcome.failures());
        }
        if (!outcome.failures().isEmpty()) {
            LOG.warnf("Chunk %d of %s stored on %s only (%s); it will be re-replicated", chunk.index(), lease.path(),
                    outcome.stored(), outcome.failures());
        }
        return new StoredChunk(chunk.index(), chunk.chunkId(), chunk.size(), outcome.digest(), outcome.stored());
    }

    /** Throws at once if a chunk missed its quorum or a metadata call failed (the lease was lost, say). */
    void throwIfFailed() throws IOException {
        if (calls.isCompletedExceptionally()) {
            join(calls);
        }
        for (CompletableFuture<Void> chunk : inFlight) {
            if (chunk.isCompletedExceptionally()) {
                join(chunk);
            }
        }
    }

    /** Waits for every chunk and every call to finish; returns the stored chunks not reported yet, for the commit. */
    List<StoredChunk> finish() throws IOException {
        while (!inFlight.isEmpty()) {
            join(inFlight.poll());
        }
        join(calls);
        return drainReports();
    }

    private List<StoredChunk> drainReports() {
        List<StoredChunk> reports = new ArrayList<>();
        StoredChunk report;
        while ((report = unreported.poll()) != null) {
            reports.add(report);
        }
        return reports;
    }

    private static <T> T join(CompletableFuture<T> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }
}
