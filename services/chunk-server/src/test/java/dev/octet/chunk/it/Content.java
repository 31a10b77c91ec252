package dev.octet.chunk.it;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test file contents, generated from a seed instead of held in memory, so a 1 GiB file costs nothing
 * to make and its digest can be computed again for comparison.
 */
final class Content {

    private Content() {
    }

    static InputStream stream(long seed, long size) {
        return new Generated(seed, size, Long.MAX_VALUE, null);
    }

    /** A stream that stops after {@code gateAt} bytes until {@code gate} opens, counting what was read. */
    static InputStream gated(long seed, long size, long gateAt, CountDownLatch gate, AtomicLong read) {
        return new Generated(seed, size, gateAt, gate) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    read.addAndGet(n);
                }
                return n;
            }
        };
    }

    static byte[] bytes(long seed, int size) {
        try {
            return stream(seed, size).readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String sha256(long seed, long size) {
        try {
            return sha256(stream(seed, size));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static class Generated extends InputStream {
        private final SplittableRandom random;
        private final long size;
        private final long gateAt;
        private final CountDownLatch gate;
        private final byte[] word = new byte[8];
        private long position;

        Generated(long seed, long size, long gateAt, CountDownLatch gate) {
            this.random = new SplittableRandom(seed);
            this.size = size;
            this.gateAt = gateAt;
            this.gate = gate;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= size) {
                return -1;
            }
            if (gate != null && position >= gateAt) {
                try {
                    if (!gate.await(2, TimeUnit.MINUTES)) {
                        throw new IOException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            long limit = gate != null && position < gateAt ? gateAt : size;
            int n = (int) Math.min(length, limit - position);
            for (int i = 0; i < n; i++) {
                int inWord = (int) ((position + i) & 7);
                if (inWord == 0) {
                    long value = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        word[b] = (byte) (value >>> (8 * b));
                    }
                }
                buffer[offset + i] = word[inWord];
            }
            position += n;
            return n;
        }
    }
}
