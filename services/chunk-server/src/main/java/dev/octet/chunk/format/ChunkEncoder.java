package dev.octet.chunk.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Cuts the next {@code chunkLength} bytes of an upload into the stored format, one piece at a time:
 * the header, a frame per block with its CRC32C, and the SHA-256 trailer. The pieces are immutable
 * once returned, so one piece can be handed to several replicas at once.
 */
public final class ChunkEncoder {

    private final InputStream source;
    private final long chunkLength;
    private final int blocks;
    private final MessageDigest digest = Checksums.sha256();
    private int nextBlock = -1;
    private String digestHex;

    public ChunkEncoder(InputStream source, long chunkLength) {
        if (chunkLength < 1) {
            throw new IllegalArgumentException("a chunk holds at least one byte");
        }
        this.source = source;
        this.chunkLength = chunkLength;
        this.blocks = ChunkFormat.blockCount(chunkLength);
    }

    /** The next piece of the stored chunk, or null when the trailer has been returned. */
    public byte[] next() throws IOException {
        if (nextBlock == -1) {
            nextBlock = 0;
            return ChunkFormat.header(chunkLength);
        }
        if (nextBlock < blocks) {
            int length = ChunkFormat.blockLength(chunkLength, nextBlock);
            byte[] frame = new byte[ChunkFormat.CRC_SIZE + length];
            int read = source.readNBytes(frame, ChunkFormat.CRC_SIZE, length);
            if (read != length) {
                throw new java.io.EOFException("the upload ended before its declared length");
            }
            ByteBuffer.wrap(frame).putInt(Checksums.crc32c(frame, ChunkFormat.CRC_SIZE, length));
            digest.update(frame, ChunkFormat.CRC_SIZE, length);
            nextBlock++;
            return frame;
        }
        if (nextBlock == blocks) {
            nextBlock++;
            byte[] trailer = digest.digest();
            digestHex = Checksums.hex(trailer);
            return trailer;
        }
        return null;
    }

    public long storedSize() {
        return ChunkFormat.storedSize(chunkLength);
    }

    /** The chunk's SHA-256, once every piece has been taken. */
    public String digestHex() {
        if (digestHex == null) {
            throw new IllegalStateException("the chunk has not been encoded to its end");
        }
        return digestHex;
    }
}
