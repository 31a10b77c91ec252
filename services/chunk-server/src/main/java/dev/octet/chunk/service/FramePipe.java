package dev.octet.chunk.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded hand-over of chunk pieces from the thread reading an upload to the thread sending them to
 * one replica. The bound gives back-pressure (a slow replica slows the upload, memory stays flat); a
 * replica that takes nothing for the stall timeout is cut off, and the others carry on.
 */
final class FramePipe {

    private static final byte[] END = new byte[0];

    private final ArrayBlockingQueue<byte[]> queue;
    private volatile IOException failure;

    FramePipe(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Hands a piece over; false if this pipe has failed (now or before). */
    boolean offer(byte[] piece, Duration stallTimeout) throws InterruptedException {
        if (failure != null) {
            return false;
        }
        if (!queue.offer(piece, stallTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail(new IOException("the replica took nothing for " + stallTimeout.toSeconds() + "s"));
            return false;
        }
        return failure == null;
    }

    /** No more pieces: the reader sees the end of the stream. */
    void close(Duration stallTimeout) throws InterruptedException {
        offer(END, stallTimeout);
    }

    /** Breaks the pipe: the reader's next read fails, so the replica's upload is aborted. */
    void fail(IOException cause) {
        if (failure == null) {
            failure = cause;
        }
        queue.clear();
        queue.offer(END);
    }

    boolean failed() {
        return failure != null;
    }

    IOException failure() {
        return failure;
    }

    InputStream inputStream() {
        return new InputStream() {
            private byte[] piece = new byte[0];
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                while (position == piece.length) {
                    if (piece == END) {
                        return -1;
                    }
                    try {
                        piece = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                    position = 0;
                    if (failure != null) {
                        throw failure;
                    }
                }
                int n = Math.min(length, piece.length - position);
                System.arraycopy(piece, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }
}
