package dev.octet.chunk.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Blocks {@code first..last} of a stored chunk, read from a stream positioned at the header (for the
 * whole chunk) or at frame {@code first} (for a part), each block verified against its CRC32C before it
 * is handed out. For the whole chunk the header is checked too, and the trailer is read: with
 * {@code checkDigest}, the chunk's SHA-256 is computed and the last block is only handed out once it
 * matched the trailer, so a corrupt chunk never gets out whole; without, the caller checks the digest
 * itself (against the one the metadata service recorded, which {@link #trailer()} must match as well).
 */
public final class VerifiedBlocks implements Closeable {

    private final InputStream stored;
    private final long chunkLength;
    private final int first;
    private final int last;
    private final boolean whole;
    private final MessageDigest digest;
    private BlockReader blocks;
    private byte[] trailer;

    public VerifiedBlocks(InputStream stored, long chunkLength, int first, int last, boolean checkDigest) {
        this.stored = stored;
        this.chunkLength = chunkLength;
        this.first = first;
        this.last = last;
        this.whole = isWhole(chunkLength, first, last);
        this.digest = whole && checkDigest ? Checksums.sha256() : null;
    }

    /** True if blocks {@code first..last} are the whole chunk: its stream starts at the header and ends with the trailer. */
    public static boolean isWhole(long chunkLength, int first, int last) {
        return first == 0 && last == ChunkFormat.blockCount(chunkLength) - 1;
    }

    public boolean hasNext() {
        return blocks == null || blocks.hasNext();
    }

    /** The next block, verified, with its CRC as stored. */
    public BlockReader.Frame next() throws IOException {
        if (blocks == null) {
            if (whole) {
                ChunkFormat.readHeader(BlockReader.readFully(stored, ChunkFormat.HEADER_SIZE), chunkLength);
            }
            blocks = new BlockReader(stored, chunkLength, first, last, digest);
        }
        BlockReader.Frame frame = blocks.nextFrame();
        if (whole && !blocks.hasNext()) {
            trailer = BlockReader.readFully(stored, ChunkFormat.DIGEST_SIZE);
            if (digest != null && !Arrays.equals(trailer, digest.digest())) {
                throw new CorruptChunkException("the chunk's bytes do not match its SHA-256");
            }
        }
        return frame;
    }

    /** The SHA-256 stored in the trailer, once the last block of a whole chunk was read; else null. */
    public byte[] trailer() {
        return trailer;
    }

    @Override
    public void close() throws IOException {
        stored.close();
    }
}
