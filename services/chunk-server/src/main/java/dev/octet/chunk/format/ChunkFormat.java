package dev.octet.chunk.format;

import java.nio.ByteBuffer;

/**
 * How a chunk replica is laid out, on the wire and in the object store alike (as GFS and HDFS do, a
 * CRC per 64 KiB block, and here a SHA-256 of the whole chunk):
 *
 * <pre>
 * header   magic "OCTC" | format version (int) | block size (int) | reserved (int) | chunk length (long)
 * frames   for each block: CRC32C of the block (int) | the block's bytes (64 KiB, the last one shorter)
 * trailer  SHA-256 of the chunk's bytes (32 bytes)
 * </pre>
 *
 * The writer computes the checksums once; every hop and every read verifies them. A frame can be read
 * on its own, so a range read fetches and verifies only the blocks it needs.
 */
public final class ChunkFormat {

    public static final int MAGIC = 0x4f435443; // "OCTC"
    public static final int VERSION = 1;
    public static final int BLOCK_SIZE = 64 * 1024;
    public static final int HEADER_SIZE = 24;
    public static final int CRC_SIZE = 4;
    public static final int DIGEST_SIZE = 32;

    private ChunkFormat() {
    }

    public static int blockCount(long chunkLength) {
        return (int) ((chunkLength + BLOCK_SIZE - 1) / BLOCK_SIZE);
    }

    public static int blockLength(long chunkLength, int block) {
        return (int) Math.min(BLOCK_SIZE, chunkLength - (long) block * BLOCK_SIZE);
    }

    public static int blockOf(long offsetInChunk) {
        return (int) (offsetInChunk / BLOCK_SIZE);
    }

    /** Bytes of the stored object (header, frames, trailer) for a chunk of {@code chunkLength} bytes. */
    public static long storedSize(long chunkLength) {
        return HEADER_SIZE + chunkLength + (long) CRC_SIZE * blockCount(chunkLength) + DIGEST_SIZE;
    }

    /** The chunk length of a stored object of {@code storedSize} bytes (the inverse of {@link #storedSize}). */
    public static long chunkLengthOf(long storedSize) {
        long framed = storedSize - HEADER_SIZE - DIGEST_SIZE;
        long blocks = (framed + BLOCK_SIZE + CRC_SIZE - 1) / (BLOCK_SIZE + CRC_SIZE);
        return framed - CRC_SIZE * blocks;
    }

    /** Where frame {@code block} starts in the stored object. */
    public static long frameOffset(int block) {
        return HEADER_SIZE + (long) block * (CRC_SIZE + BLOCK_SIZE);
    }

    /** Bytes of frames {@code first..last} (inclusive). */
    public static long framesSize(long chunkLength, int first, int last) {
        long size = 0;
        for (int block = first; block <= last; block++) {
            size += CRC_SIZE + blockLength(chunkLength, block);
        }
        return size;
    }

    public static byte[] header(long chunkLength) {
        return ByteBuffer.allocate(HEADER_SIZE).putInt(MAGIC).putInt(VERSION).putInt(BLOCK_SIZE).putInt(0)
                .putLong(chunkLength).array();
    }

    /** Checks a header and returns the chunk length it declares. */
    public static long readHeader(byte[] header, long expectedLength) throws CorruptChunkException {
        ByteBuffer buffer = ByteBuffer.wrap(header);
        if (buffer.getInt() != MAGIC) {
            throw new CorruptChunkException("not a chunk (bad magic number)");
        }
        int version = buffer.getInt();
        if (version != VERSION) {
            throw new CorruptChunkException("unknown chunk format version " + version);
        }
        int blockSize = buffer.getInt();
        if (blockSize != BLOCK_SIZE) {
            throw new CorruptChunkException("block size " + blockSize + ", expected " + BLOCK_SIZE);
        }
        buffer.getInt();
        long length = buffer.getLong();
        if (length < 1 || (expectedLength >= 0 && length != expectedLength)) {
            throw new CorruptChunkException("header says " + length + " bytes, expected " + expectedLength);
        }
        return length;
    }
}
