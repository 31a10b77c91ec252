package dev.octet.chunk.format;

import java.io.IOException;
import java.io.InputStream;

/** An input stream made of pieces (byte arrays) that a subclass produces one at a time. */
public abstract class PieceInputStream extends InputStream {

    private byte[] piece = new byte[0];
    private int position;
    private boolean ended;
    private IOException failure;

    /** The next piece, or null at the end. */
    protected abstract byte[] nextPiece() throws IOException;

    /** Why this stream failed, if it did: lets a caller that only saw the consumer fail tell why. */
    public IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (position == piece.length) {
            if (ended) {
                return -1;
            }
            byte[] next;
            try {
                next = nextPiece();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            if (next == null) {
                ended = true;
                return -1;
            }
            piece = next;
            position = 0;
        }
        int n = Math.min(length, piece.length - position);
        System.arraycopy(piece, position, buffer, offset, n);
        position += n;
        return n;
    }
}
