package dev.octet.chunk.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkFormatTest {

    private static final int LENGTH = 3 * ChunkFormat.BLOCK_SIZE + 1234;

    @Test
    void encodedChunkPassesVerificationUnchangedWithItsDigest() throws Exception {
        byte[] data = random(LENGTH);
        byte[] stored = encode(data);

        VerifiedChunkStream verified = new VerifiedChunkStream(new ByteArrayInputStream(stored), LENGTH);
        byte[] passedThrough = verified.readAllBytes();

        assertThat(passedThrough).isEqualTo(stored);
        assertThat(stored).hasSize((int) ChunkFormat.storedSize(LENGTH));
        assertThat(verified.digestHex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
    }

    @Test
    void aFlippedByteIsCaughtBeforeTheCorruptBlockIsLetThrough() throws Exception {
        byte[] stored = encode(random(LENGTH));
        int inSecondBlock = (int) ChunkFormat.frameOffset(1) + ChunkFormat.CRC_SIZE + 10;
        stored[inSecondBlock] ^= 0x01;

        VerifiedChunkStream verified = new VerifiedChunkStream(new ByteArrayInputStream(stored), LENGTH);
        ByteArrayOutputStream received = new ByteArrayOutputStream();

        assertThatThrownBy(() -> copy(verified, received)).isInstanceOf(CorruptChunkException.class)
                .hasMessageContaining("block 1");
        assertThat(received.size()).isLessThanOrEqualTo((int) ChunkFormat.frameOffset(1));
    }

    @Test
    void aDamagedTrailerStopsTheLastBlock() throws Exception {
        byte[] stored = encode(random(LENGTH));
        stored[stored.length - 1] ^= 0x40;

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        assertThatThrownBy(() -> copy(new VerifiedChunkStream(new ByteArrayInputStream(stored), LENGTH), received))
                .isInstanceOf(CorruptChunkException.class).hasMessageContaining("SHA-256");
        assertThat(received.size()).isLessThan(stored.length - ChunkFormat.DIGEST_SIZE);
    }

    @Test
    void aTruncatedChunkIsAnError() {
        byte[] stored = Arrays.copyOf(encode(random(LENGTH)), 100_000);
        assertThatThrownBy(() -> new VerifiedChunkStream(new ByteArrayInputStream(stored), LENGTH).readAllBytes())
                .isInstanceOf(EOFException.class);
    }

    @Test
    void aChunkOfTheWrongLengthIsRejected() {
        byte[] stored = encode(random(LENGTH));
        assertThatThrownBy(() -> new VerifiedChunkStream(new ByteArrayInputStream(stored), LENGTH + 1).readAllBytes())
                .isInstanceOf(CorruptChunkException.class).hasMessageContaining("header says");
    }

    @Test
    void framesOfAPartCanBeReadAndVerifiedOnTheirOwn() throws Exception {
        byte[] data = random(LENGTH);
        byte[] stored = encode(data);
        int first = 1;
        int last = 3;
        long from = ChunkFormat.frameOffset(first);
        byte[] part = Arrays.copyOfRange(stored, (int) from, (int) (from + ChunkFormat.framesSize(LENGTH, first, last)));

        InputStream frames = new VerifiedFrameStream(new ByteArrayInputStream(part), LENGTH, first, last);
        BlockReader blocks = new BlockReader(frames, LENGTH, first, last, null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (blocks.hasNext()) {
            bytes.write(blocks.nextBlock());
        }

        assertThat(bytes.toByteArray()).isEqualTo(Arrays.copyOfRange(data, first * ChunkFormat.BLOCK_SIZE, LENGTH));
    }

    @Test
    void storedSizeAndChunkLengthAreInverse() {
        for (long length : new long[] {1, 2, ChunkFormat.BLOCK_SIZE - 1, ChunkFormat.BLOCK_SIZE, ChunkFormat.BLOCK_SIZE + 1,
                8L * 1024 * 1024, 8L * 1024 * 1024 - 3, 64L * 1024 * 1024 + 7}) {
            assertThat(ChunkFormat.chunkLengthOf(ChunkFormat.storedSize(length))).as("length %d", length).isEqualTo(length);
        }
    }

    static byte[] encode(byte[] data) {
        try {
            ChunkEncoder encoder = new ChunkEncoder(new ByteArrayInputStream(data), data.length);
            ByteArrayOutputStream stored = new ByteArrayOutputStream();
            byte[] piece;
            while ((piece = encoder.next()) != null) {
                stored.write(piece);
            }
            return stored.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
    }

    private static byte[] random(int length) {
        byte[] data = new byte[length];
        new Random(length).nextBytes(data);
        return data;
    }
}
