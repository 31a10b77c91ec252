package dev.octet.chunk.format;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Passes a chunk in stored format through unchanged while verifying it: the header, every block's
 * CRC32C and, before the last block is let through, the SHA-256 in the trailer. Whoever consumes it
 * (an S3 upload, a copy to another server) therefore never receives the end of a corrupt chunk, and
 * an object store never completes a write of one.
 */
public final class VerifiedChunkStream extends PieceInputStream {

    private final InputStream stored;
    private final long expectedLength;
    private final MessageDigest digest = Checksums.sha256();
    private BlockReader blocks;
    private boolean done;
    private String digestHex;

    /** {@code expectedLength} is the chunk length the header must declare, or -1 to accept any. */
    public VerifiedChunkStream(InputStream stored, long expectedLength) {
        this.stored = stored;
        this.expectedLength = expectedLength;
    }

    @Override
    protected byte[] nextPiece() throws IOException {
        if (done) {
            return null;
        }
        if (blocks == null) {
            byte[] header = BlockReader.readFully(stored, ChunkFormat.HEADER_SIZE);
            long length = ChunkFormat.readHeader(header, expectedLength);
            blocks = new BlockReader(stored, length, 0, ChunkFormat.blockCount(length) - 1, digest);
            return header;
        }
        byte[] frame = blocks.nextFrame().encoded();
        if (blocks.hasNext()) {
            return frame;
        }
        byte[] trailer = BlockReader.readFully(stored, ChunkFormat.DIGEST_SIZE);
        byte[] actual = digest.digest();
        if (!Arrays.equals(trailer, actual)) {
            throw new CorruptChunkException("the chunk's bytes do not match its SHA-256");
        }
        if (stored.read() != -1) {
            throw new CorruptChunkException("the chunk has bytes after its trailer");
        }
        digestHex = Checksums.hex(actual);
        done = true;
        byte[] lastFrameAndTrailer = Arrays.copyOf(frame, frame.length + trailer.length);
        System.arraycopy(trailer, 0, lastFrameAndTrailer, frame.length, trailer.length);
        return lastFrameAndTrailer;
    }

    /** The verified SHA-256, once the whole chunk has been read. */
    public String digestHex() {
        if (digestHex == null) {
            throw new IllegalStateException("the chunk has not been read to its end");
        }
        return digestHex;
    }

    @Override
    public void close() throws IOException {
        stored.close();
    }
}
