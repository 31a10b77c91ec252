package dev.octet.chunk.client;

import dev.octet.filesystem.api.v1.BadReplicaReport;
import dev.octet.filesystem.api.v1.BlockReport;
import dev.octet.filesystem.api.v1.BlockReportReply;
import dev.octet.filesystem.api.v1.ChunkBatch;
import dev.octet.filesystem.api.v1.ChunkBatchReply;
import dev.octet.filesystem.api.v1.CommitRequest;
import dev.octet.filesystem.api.v1.EntryStatus;
import dev.octet.filesystem.api.v1.Heartbeat;
import dev.octet.filesystem.api.v1.HeartbeatReply;
import dev.octet.filesystem.api.v1.LeaseRenewal;
import dev.octet.filesystem.api.v1.Listing;
import dev.octet.filesystem.api.v1.MakeDirectory;
import dev.octet.filesystem.api.v1.ReadPlan;
import dev.octet.filesystem.api.v1.Rename;
import dev.octet.filesystem.api.v1.ReplicaReport;
import dev.octet.filesystem.api.v1.StoredChunk;
import dev.octet.filesystem.api.v1.UploadLease;
import dev.octet.filesystem.api.v1.UploadProgress;
import dev.octet.filesystem.api.v1.UploadRequest;
import dev.octet.platform.web.ProblemException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls to the metadata service with timeouts, circuit breakers, and — for calls that are safe to
 * repeat — retries with backoff for up to 30 seconds, which carries an upload across a restart of the
 * metadata service. Every write-protocol call is idempotent on the metadata side (a repeated batch
 * allocates and records nothing new, a repeated commit gets the same result), so retrying them is safe.
 * Rename and delete are not, and are never retried.
 */
@ApplicationScoped
public class MetadataClient {

    private final MetadataApi api;

    public MetadataClient(@RestClient MetadataApi api) {
        this.api = api;
    }

    @Retry(maxRetries = 200, delay = 200, jitter = 100, maxDuration = 30, durationUnit = ChronoUnit.SECONDS,
            abortOn = ProblemException.class)
    @ExponentialBackoff(maxDelay = 2000)
    @Timeout(10000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2000, skipOn = ProblemException.class)
    public UploadLease begin(UploadRequest request) {
        return api.begin(request);
    }

    /** Reports chunks stored and allocates the next ones; repeating it records and allocates nothing new. */
    @Retry(maxRetries = 200, delay = 200, jitter = 100, maxDuration = 30, durationUnit = ChronoUnit.SECONDS,
            abortOn = ProblemException.class)
    @ExponentialBackoff(maxDelay = 2000)
    @Timeout(10000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2000, skipOn = ProblemException.class)
    public ChunkBatchReply batch(UUID uploadId, long generation, List<StoredChunk> stored, int allocateFrom, int allocateCount) {
        return api.batch(uploadId, new ChunkBatch(generation, stored, allocateFrom, allocateCount));
    }

    /** Not retried: the writer renews again at its next tick. */
    @Timeout(5000)
    public UploadLease renew(UUID uploadId, long generation, long bytesReceived) {
        return api.renew(uploadId, new LeaseRenewal(generation, bytesReceived));
    }

    @Retry(maxRetries = 200, delay = 200, jitter = 100, maxDuration = 30, durationUnit = ChronoUnit.SECONDS,
            abortOn = ProblemException.class)
    @ExponentialBackoff(maxDelay = 2000)
    @Timeout(10000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2000, skipOn = ProblemException.class)
    public EntryStatus commit(UUID uploadId, long generation, List<StoredChunk> stored) {
        return api.commit(uploadId, new CommitRequest(generation, stored));
    }

    @Retry(maxRetries = 5, delay = 200, abortOn = ProblemException.class)
    @Timeout(5000)
    public void abort(UUID uploadId, long generation) {
        api.abort(uploadId, generation);
    }

    @Retry(maxRetries = 3, delay = 200, jitter = 100, abortOn = ProblemException.class)
    @Timeout(5000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2000, skipOn = ProblemException.class)
    public UploadProgress progress(String path) {
        return api.progress(path);
    }

    @Retry(maxRetries = 3, delay = 200, jitter = 100, abortOn = ProblemException.class)
    @Timeout(5000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2000, skipOn = ProblemException.class)
    public ReadPlan readPlan(String path) {
        return api.readPlan(path);
    }

    @Retry(maxRetries = 3, delay = 200, jitter = 100, abortOn = ProblemException.class)
    @Timeout(5000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2000, skipOn = ProblemException.class)
    public EntryStatus stat(String path) {
        return api.stat(path);
    }

    @Retry(maxRetries = 3, delay = 200, jitter = 100, abortOn = ProblemException.class)
    @Timeout(5000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 2000, skipOn = ProblemException.class)
    public Listing list(String path, String after, int limit) {
        return api.list(path, after, limit);
    }

    @Retry(maxRetries = 3, delay = 200, jitter = 100, abortOn = ProblemException.class)
    @Timeout(5000)
    public EntryStatus makeDirectories(String path) {
        return api.makeDirectories(new MakeDirectory(path));
    }

    @Timeout(10000)
    public EntryStatus rename(String from, String to) {
        return api.rename(new Rename(from, to));
    }

    @Timeout(10000)
    public void delete(String path, boolean recursive) {
        api.delete(path, recursive);
    }

    @Timeout(5000)
    public HeartbeatReply heartbeat(String serverId, Heartbeat heartbeat) {
        return api.heartbeat(serverId, heartbeat);
    }

    @Timeout(60000)
    public BlockReportReply blockReport(String serverId, BlockReport report) {
        return api.blockReport(serverId, report);
    }

    @Retry(maxRetries = 10, delay = 500, jitter = 200, abortOn = ProblemException.class)
    @Timeout(5000)
    public void replicaAdded(UUID chunkId, String serverId) {
        api.replicaAdded(chunkId, new ReplicaReport(serverId));
    }

    @Retry(maxRetries = 10, delay = 500, jitter = 200, abortOn = ProblemException.class)
    @Timeout(5000)
    public void badReplica(UUID chunkId, String serverId, String reason) {
        api.badReplica(chunkId, new BadReplicaReport(serverId, reason));
    }
}
