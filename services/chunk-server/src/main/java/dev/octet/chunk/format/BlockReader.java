package dev.octet.chunk.format;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Reads frames {@code first..last} of a chunk from a stream positioned at frame {@code first}, and
 * verifies each block's CRC32C before handing it out. Optionally feeds the blocks to a SHA-256.
 */
public final class BlockReader {

    private final InputStream in;
    private final long chunkLength;
    private final int last;
    private final MessageDigest digest;
    private int next;

    public BlockReader(InputStream in, long chunkLength, int first, int last, MessageDigest digest) {
        if (first < 0 || last < first || last >= ChunkFormat.blockCount(chunkLength)) {
            throw new IllegalArgumentException("blocks " + first + ".." + last + " of a " + chunkLength + "-byte chunk");
        }
        this.in = in;
        this.chunkLength = chunkLength;
        this.last = last;
        this.digest = digest;
        this.next = first;
    }

    /** The index of the block {@link #nextBlock()} returns. */
    public int nextIndex() {
        return next;
    }

    public boolean hasNext() {
        return next <= last;
    }

    /** The next block's bytes, verified; the array is the block's exact length. */
    public byte[] nextBlock() throws IOException {
        return nextFrame().data();
    }

    /** The next frame: its stored CRC and its verified bytes. */
    public Frame nextFrame() throws IOException {
        if (!hasNext()) {
            throw new IllegalStateException("no block left");
        }
        int block = next;
        int length = ChunkFormat.blockLength(chunkLength, block);
        byte[] crcBytes = readFully(in, ChunkFormat.CRC_SIZE);
        byte[] data = readFully(in, length);
        int stored = ByteBuffer.wrap(crcBytes).getInt();
        int actual = Checksums.crc32c(data, 0, length);
        if (stored != actual) {
            throw new CorruptChunkException("block " + block + " fails its CRC32C check");
        }
        if (digest != null) {
            digest.update(data);
        }
        next++;
        return new Frame(block, stored, data);
    }

    public static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("the chunk stream ended " + (length - bytes.length) + " bytes early");
        }
        return bytes;
    }

    /** A verified block with its checksum, as it is framed on the wire. */
    public record Frame(int block, int crc, byte[] data) {

        public byte[] encoded() {
            return ByteBuffer.allocate(ChunkFormat.CRC_SIZE + data.length).putInt(crc).put(data).array();
        }
    }
}
