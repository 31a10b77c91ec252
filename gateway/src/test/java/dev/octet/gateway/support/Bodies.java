package dev.octet.gateway.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * Large bodies made up on the fly, never held in memory: 64 KiB blocks of pseudo-random bytes, each
 * stamped with its index so that a lost, repeated or reordered block changes the checksum.
 */
public final class Bodies {

    private static final int BLOCK = 64 * 1024;
    private static final byte[] PATTERN = new byte[BLOCK];

    static {
        new Random(42).nextBytes(PATTERN);
    }

    private Bodies() {
    }

    /** Block {@code index}, or its first {@code length} bytes. */
    static byte[] block(long index, int length) {
        byte[] block = PATTERN.clone();
        ByteBuffer.wrap(block).putLong(0, index);
        return length == BLOCK ? block : java.util.Arrays.copyOf(block, length);
    }

    /** The CRC32C of the first {@code bytes} bytes of the generated sequence. */
    public static long crcOf(long bytes) {
        CRC32C crc = new CRC32C();
        for (long index = 0, left = bytes; left > 0; index++, left -= BLOCK) {
            crc.update(block(index, (int) Math.min(BLOCK, left)));
        }
        return crc.getValue();
    }

    /** An input stream of the first {@code bytes} bytes of the sequence. */
    public static InputStream stream(long bytes) {
        return new InputStream() {
            private long position;
            private byte[] current;
            private long currentIndex = -1;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (position >= bytes) {
                    return -1;
                }
                long index = position / BLOCK;
                if (index != currentIndex) {
                    current = block(index, BLOCK);
                    currentIndex = index;
                }
                int within = (int) (position % BLOCK);
                int n = (int) Math.min(Math.min(length, BLOCK - within), bytes - position);
                System.arraycopy(current, within, target, offset, n);
                position += n;
                return n;
            }
        };
    }

    /** The CRC32C of everything {@code in} yields, read in chunks. */
    public static long crcOf(InputStream in) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] chunk = new byte[BLOCK];
        for (int n; (n = in.read(chunk)) != -1; ) {
            crc.update(chunk, 0, n);
        }
        return crc.getValue();
    }

    /** Writes the first {@code bytes} bytes of the sequence to {@code out}, respecting back-pressure, then ends it. */
    public static void generate(WriteStream<Buffer> out, long bytes) {
        new Object() {
            long index;
            long left = bytes;

            void pump() {
                while (left > 0 && !out.writeQueueFull()) {
                    int n = (int) Math.min(BLOCK, left);
                    out.write(Buffer.buffer(block(index++, n)));
                    left -= n;
                }
                if (left == 0) {
                    out.end();
                } else {
                    out.drainHandler(v -> pump());
                }
            }
        }.pump();
    }
}
