package dev.octet.chunk.service;

import dev.octet.chunk.client.PeerClient;
import dev.octet.chunk.format.BlockReader;
import dev.octet.chunk.format.Checksums;
import dev.octet.chunk.format.ChunkFormat;
import dev.octet.chunk.format.CorruptChunkException;
import dev.octet.chunk.format.VerifiedBlocks;
import dev.octet.filesystem.api.v1.ReadPlan;
import dev.octet.filesystem.api.v1.ServerRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The read path of the front door: streams a byte range of one file version out of its chunks. Each
 * chunk comes from the cache, from this server's own replica, or from another replica, block by
 * block, every block's CRC32C checked on arrival. If a replica fails half-way (corrupt, gone, dead
 * server) the read carries on from the same byte at the next replica. When a whole chunk is read, its
 * SHA-256 is checked too, against the digest recorded when it was written, and the chunk's last block
 * is only sent once it matched. The chunk is hashed once here; another server serving a replica
 * checks its own copy's SHA-256 before it lets the last block go.
 */
@ApplicationScoped
public class ChunkStreamer {

    private static final Logger LOG = Logger.getLogger(ChunkStreamer.class);

    private final ReplicaService local;
    private final PeerClient peers;
    private final ChunkCache cache;
    private final Counter bytesDownloaded;

    public ChunkStreamer(ReplicaService local, PeerClient peers, ChunkCache cache, MeterRegistry metrics) {
        this.local = local;
        this.peers = peers;
        this.cache = cache;
        this.bytesDownloaded = Counter.builder("octet.files.downloaded.bytes").register(metrics);
    }

    /** Writes bytes {@code first..last} (inclusive) of the plan's version to {@code out}. */
    public void copy(ReadPlan plan, long first, long last, OutputStream out) throws IOException {
        for (ReadPlan.ChunkLocation chunk : plan.chunks()) {
            if (chunk.end() <= first || chunk.offset() > last) {
                continue;
            }
            long from = Math.max(first, chunk.offset()) - chunk.offset();
            long to = Math.min(last, chunk.end() - 1) - chunk.offset();
            copyChunk(plan.path(), chunk, from, to, new ClientOutput(out));
        }
    }

    private void copyChunk(String path, ReadPlan.ChunkLocation chunk, long from, long to, ClientOutput out)
            throws IOException {
        byte[] cached = cache.get(chunk.id());
        if (cached != null) {
            out.write(cached, (int) from, (int) (to - from + 1));
            bytesDownloaded.increment(to - from + 1);
            return;
        }
        boolean whole = from == 0 && to == chunk.size() - 1;
        ChunkRead read = new ChunkRead(out, from, whole ? Checksums.sha256() : null,
                whole && cache.admits(chunk.id(), chunk.size()) ? new ByteArrayOutputStream((int) chunk.size()) : null);
        IOException lastFailure = null;
        ServerRef servedAll = null; // the replica the whole range came from, if it came from one
        for (ServerRef replica : localFirst(chunk.replicas())) {
            if (read.position > to) {
                break;
            }
            try {
                boolean fromStart = read.position == from;
                readFrom(replica, chunk, read, to);
                servedAll = fromStart ? replica : null;
            } catch (ClientGoneException e) {
                throw e.getCause();
            } catch (IOException e) {
                lastFailure = e;
                LOG.warnf("Reading chunk %d of %s from %s failed at byte %d (%s); trying the next replica", chunk.index(),
                        path, replica.id(), read.position, e.getMessage());
                if (replica.id().equals(local.serverId())) {
                    local.readFailed(chunk.id(), e);
                }
            }
        }
        if (read.position <= to) {
            throw new IOException("No replica of chunk " + chunk.index() + " of " + path + " could be read"
                    + (lastFailure == null ? " (none is alive)" : ": " + lastFailure.getMessage()));
        }
        try {
            read.finish(chunk);
        } catch (CorruptChunkException e) {
            if (servedAll != null && servedAll.id().equals(local.serverId())) {
                local.readFailed(chunk.id(), e);
            }
            throw e;
        }
        if (read.kept() != null) {
            cache.put(chunk.id(), read.kept().toByteArray());
        }
        bytesDownloaded.increment(to - from + 1);
    }

    private void readFrom(ServerRef replica, ReadPlan.ChunkLocation chunk, ChunkRead read, long to) throws IOException {
        int firstBlock = ChunkFormat.blockOf(read.position);
        int lastBlock = ChunkFormat.blockOf(to);
        if (replica.id().equals(local.serverId())) {
            try (VerifiedBlocks blocks = local.openBlocks(chunk.id(), chunk.size(), firstBlock, lastBlock)) {
                while (blocks.hasNext()) {
                    read.consume(blocks.next(), to);
                }
                if (blocks.trailer() != null && !Checksums.hex(blocks.trailer()).equals(chunk.digest())) {
                    // The replica's bytes are checked against the recorded digest in finish(); its trailer is wrong.
                    local.readFailed(chunk.id(), new CorruptChunkException("the stored SHA-256 is not the chunk's"));
                }
            }
            return;
        }
        try (InputStream frames = peers.getFrames(replica, chunk.id(), chunk.size(), firstBlock, lastBlock)) {
            BlockReader blocks = new BlockReader(frames, chunk.size(), firstBlock, lastBlock, null);
            while (blocks.hasNext()) {
                read.consume(blocks.nextFrame(), to);
            }
        }
    }

    private List<ServerRef> localFirst(List<ServerRef> replicas) {
        List<ServerRef> ordered = new ArrayList<>(replicas.size());
        replicas.stream().filter(r -> r.id().equals(local.serverId())).forEach(ordered::add);
        replicas.stream().filter(r -> !r.id().equals(local.serverId())).forEach(ordered::add);
        return ordered;
    }

    /**
     * The bytes of one chunk read so far. The newest block is held back until the next one arrives,
     * or, at the end, until the chunk's SHA-256 matched: a bad chunk never reaches the client whole.
     */
    private static final class ChunkRead {
        private final ClientOutput out;
        private final MessageDigest digest;
        private final ByteArrayOutputStream keep;
        private long position;
        private byte[] held;
        private int heldOffset;
        private int heldLength;

        ChunkRead(ClientOutput out, long from, MessageDigest digest, ByteArrayOutputStream keep) {
            this.out = out;
            this.position = from;
            this.digest = digest;
            this.keep = keep;
        }

        /** Takes the part of a verified block that lies in {@code position..to}. */
        void consume(BlockReader.Frame frame, long to) throws ClientGoneException {
            long blockStart = (long) frame.block() * ChunkFormat.BLOCK_SIZE;
            int skip = (int) (position - blockStart);
            consume(frame.data(), skip, (int) Math.min(frame.data().length - skip, to - position + 1));
        }

        private void consume(byte[] data, int offset, int length) throws ClientGoneException {
            release();
            held = data;
            heldOffset = offset;
            heldLength = length;
            if (digest != null) {
                digest.update(data, offset, length);
            }
            if (keep != null) {
                keep.write(data, offset, length);
            }
            position += length;
        }

        void finish(ReadPlan.ChunkLocation chunk) throws IOException {
            if (digest != null && !Checksums.hex(digest.digest()).equals(chunk.digest())) {
                throw new CorruptChunkException("chunk " + chunk.index() + " does not match its SHA-256");
            }
            release();
        }

        private void release() throws ClientGoneException {
            if (held != null) {
                out.write(held, heldOffset, heldLength);
                held = null;
            }
        }

        ByteArrayOutputStream kept() {
            return keep;
        }
    }

    /** The client's connection: a failure to write to it ends the read, it is no replica's fault. */
    private static final class ClientOutput {
        private final OutputStream out;

        ClientOutput(OutputStream out) {
            this.out = out;
        }

        void write(byte[] data, int offset, int length) throws ClientGoneException {
            try {
                out.write(data, offset, length);
            } catch (IOException e) {
                throw new ClientGoneException(e);
            }
        }
    }

    private static final class ClientGoneException extends IOException {
        ClientGoneException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
