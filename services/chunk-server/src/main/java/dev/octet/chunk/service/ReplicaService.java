package dev.octet.chunk.service;

import dev.octet.chunk.config.ChunkServerConfig;
import dev.octet.chunk.format.ChunkFormat;
import dev.octet.chunk.format.VerifiedBlocks;
import dev.octet.chunk.format.VerifiedChunkStream;
import dev.octet.chunk.format.VerifiedFrameStream;
import dev.octet.chunk.model.StoredReplica;
import dev.octet.chunk.storage.ChunkStore;
import dev.octet.platform.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/** This server's replicas: stored verified, read verified. */
@ApplicationScoped
public class ReplicaService {

    private final ChunkStore store;
    private final LocalInventory inventory;
    private final BadReplicaReporter reporter;
    private final String serverId;

    public ReplicaService(ChunkStore store, LocalInventory inventory, BadReplicaReporter reporter, ChunkServerConfig config) {
        this.store = store;
        this.inventory = inventory;
        this.reporter = reporter;
        this.serverId = config.serverId();
    }

    public String serverId() {
        return serverId;
    }

    /**
     * Stores a replica arriving in stored format. It is verified as it streams into the bucket; a
     * corrupt or cut-off stream makes the S3 upload fail, so no bad replica is ever stored.
     */
    public StoredReplica store(UUID chunkId, long chunkLength, long contentLength, InputStream body) throws IOException {
        if (chunkLength < 1) {
            throw ProblemException.badRequest("A chunk holds at least one byte.");
        }
        long storedSize = ChunkFormat.storedSize(chunkLength);
        if (contentLength != storedSize) {
            throw ProblemException.badRequest("A chunk of " + chunkLength + " bytes is " + storedSize
                    + " bytes in stored format, not " + contentLength + ".");
        }
        VerifiedChunkStream verified = new VerifiedChunkStream(body, chunkLength);
        store.put(chunkId, verified, storedSize);
        inventory.added(storedSize);
        return new StoredReplica(chunkId, serverId, chunkLength, verified.digestHex());
    }

    /** Frames {@code first..last} of the local replica, verified as they are read (the SHA-256 too, for a whole chunk). */
    public VerifiedFrameStream openFrames(UUID chunkId, long chunkLength, int first, int last) throws IOException {
        return new VerifiedFrameStream(openStored(chunkId, chunkLength, first, last), chunkLength, first, last);
    }

    /**
     * Blocks {@code first..last} of the local replica, each CRC-checked as it is read. The caller checks
     * the SHA-256 of a whole chunk, so that a local read hashes the chunk once.
     */
    public VerifiedBlocks openBlocks(UUID chunkId, long chunkLength, int first, int last) throws IOException {
        return new VerifiedBlocks(openStored(chunkId, chunkLength, first, last), chunkLength, first, last, false);
    }

    private InputStream openStored(UUID chunkId, long chunkLength, int first, int last) throws IOException {
        if (chunkLength < 1 || first < 0 || last < first || last >= ChunkFormat.blockCount(chunkLength)) {
            throw ProblemException.badRequest("Blocks " + first + ".." + last + " do not exist in a chunk of "
                    + chunkLength + " bytes.");
        }
        try {
            return VerifiedBlocks.isWhole(chunkLength, first, last)
                    ? store.open(chunkId)
                    : store.open(chunkId, ChunkFormat.frameOffset(first),
                    ChunkFormat.frameOffset(first) + ChunkFormat.framesSize(chunkLength, first, last) - 1);
        } catch (IOException e) {
            reporter.reportIfBad(chunkId, e);
            throw e;
        }
    }

    /** Reports the replica if reading it showed it bad. */
    public void readFailed(UUID chunkId, IOException failure) {
        reporter.reportIfBad(chunkId, failure);
    }

    public void delete(UUID chunkId) throws IOException {
        store.delete(chunkId);
        inventory.deleted(chunkId);
    }
}
