package dev.octet.chunk.format;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Frames {@code first..last} of a stored chunk, verified, without header or trailer: what a chunk
 * server sends a reader. For the whole chunk the stream starts at the header and the SHA-256 in the
 * trailer is checked too, before the last frame is let through; for a part it starts at frame
 * {@code first} and each block's CRC32C is checked.
 */
public final class VerifiedFrameStream extends PieceInputStream {

    private final InputStream stored;
    private final long chunkLength;
    private final int first;
    private final int last;
    private final MessageDigest digest;
    private BlockReader blocks;
    private boolean done;

    public VerifiedFrameStream(InputStream stored, long chunkLength, int first, int last) {
        this.stored = stored;
        this.chunkLength = chunkLength;
        this.first = first;
        this.last = last;
        boolean whole = first == 0 && last == ChunkFormat.blockCount(chunkLength) - 1;
        this.digest = whole ? Checksums.sha256() : null;
    }

    /** True if this stream reads the whole chunk, and so checks its SHA-256 as well. */
    public static boolean isWhole(long chunkLength, int first, int last) {
        return first == 0 && last == ChunkFormat.blockCount(chunkLength) - 1;
    }

    @Override
    protected byte[] nextPiece() throws IOException {
        if (done) {
            return null;
        }
        if (blocks == null) {
            if (digest != null) {
                ChunkFormat.readHeader(BlockReader.readFully(stored, ChunkFormat.HEADER_SIZE), chunkLength);
            }
            blocks = new BlockReader(stored, chunkLength, first, last, digest);
        }
        byte[] frame = blocks.nextFrame().encoded();
        if (blocks.hasNext()) {
            return frame;
        }
        if (digest != null) {
            byte[] trailer = BlockReader.readFully(stored, ChunkFormat.DIGEST_SIZE);
            if (!Arrays.equals(trailer, digest.digest())) {
                throw new CorruptChunkException("the chunk's bytes do not match its SHA-256");
            }
        }
        done = true;
        return frame;
    }

    @Override
    public void close() throws IOException {
        stored.close();
    }
}
