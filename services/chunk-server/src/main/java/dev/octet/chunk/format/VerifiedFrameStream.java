package dev.octet.chunk.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * Frames {@code first..last} of a stored chunk, verified, without header or trailer: what a chunk
 * server sends a reader. For the whole chunk the stream starts at the header and the SHA-256 in the
 * trailer is checked too, before the last frame is let through; for a part it starts at frame
 * {@code first} and each block's CRC32C is checked.
 */
public final class VerifiedFrameStream extends PieceInputStream {

    private final VerifiedBlocks blocks;

    public VerifiedFrameStream(InputStream stored, long chunkLength, int first, int last) {
        this.blocks = new VerifiedBlocks(stored, chunkLength, first, last, true);
    }

    /** True if this stream reads the whole chunk, and so checks its SHA-256 as well. */
    public static boolean isWhole(long chunkLength, int first, int last) {
        return VerifiedBlocks.isWhole(chunkLength, first, last);
    }

    @Override
    protected byte[] nextPiece() throws IOException {
        return blocks.hasNext() ? blocks.next().encoded() : null;
    }

    @Override
    public void close() throws IOException {
        blocks.close();
    }
}
