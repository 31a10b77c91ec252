package dev.octet.peer.model;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * A point of Kademlia's 256-bit key space: a node's id (the SHA-256 of its public key) and a blob's key
 * (the SHA-256 of its bytes) alike. Distance between two keys is their XOR, read as an unsigned number.
 */
public final class Key implements Comparable<Key> {

    public static final int BITS = 256;
    public static final int BYTES = BITS / 8;

    private final byte[] bytes;
    /** The same 256 bits as four numbers, most significant first: distances compare a word at a time. */
    private final long[] words = new long[4];

    private Key(byte[] bytes) {
        this.bytes = bytes;
        ByteBuffer.wrap(bytes).asLongBuffer().get(words);
    }

    /** The key of these 32 bytes (copied). */
    public static Key of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IllegalArgumentException("a key is " + BYTES + " bytes, not " + bytes.length);
        }
        return new Key(bytes.clone());
    }

    /** The key written as 64 hexadecimal digits. */
    public static Key parse(String hex) {
        if (hex.length() != BYTES * 2) {
            throw new IllegalArgumentException("a key is " + BYTES * 2 + " hexadecimal digits, not " + hex.length());
        }
        return new Key(HexFormat.of().parseHex(hex));
    }

    /** The SHA-256 of these bytes: a blob's key, or a node's id from its public key. */
    public static Key sha256(byte[] content) {
        return new Key(digest().digest(content));
    }

    /** A fresh SHA-256, for content that arrives in parts; {@link #of(byte[])} its result. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static Key random(Random random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new Key(bytes);
    }

    /** A random key in bucket {@code index} of {@code self}'s routing table (for refreshing that bucket). */
    public static Key randomInBucket(Key self, int index, Random random) {
        byte[] bytes = random(random).bytes;
        int highest = BITS - 1 - index; // the position of the first differing bit, counted from the most significant
        int whole = highest / 8;
        int bit = 7 - highest % 8;
        for (int i = 0; i < whole; i++) {
            bytes[i] = self.bytes[i];
        }
        int mask = (1 << bit) - 1; // bits below the differing one stay random
        int flipped = (self.bytes[whole] ^ (1 << bit)) & ~mask;
        bytes[whole] = (byte) (flipped | (bytes[whole] & mask));
        return new Key(bytes);
    }

    /** The XOR distance to {@code other}, as a key (compare distances with {@link #compareTo}). */
    public Key distance(Key other) {
        byte[] xor = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            xor[i] = (byte) (bytes[i] ^ other.bytes[i]);
        }
        return new Key(xor);
    }

    /**
     * The index of the k-bucket {@code other} falls in, seen from this key: the position of the highest bit in
     * which they differ (255 for the farthest half of the space, 0 for the nearest key), or -1 for this key itself.
     */
    public int bucketIndex(Key other) {
        for (int i = 0; i < words.length; i++) {
            long xor = words[i] ^ other.words[i];
            if (xor != 0) {
                return (words.length - 1 - i) * 64 + 63 - Long.numberOfLeadingZeros(xor);
            }
        }
        return -1;
    }

    /** Whether {@code a} is closer to this key than {@code b} is (by XOR distance). */
    public int compareDistance(Key a, Key b) {
        for (int i = 0; i < words.length; i++) {
            long da = words[i] ^ a.words[i];
            long db = words[i] ^ b.words[i];
            if (da != db) {
                return Long.compareUnsigned(da, db);
            }
        }
        return 0;
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** The first 8 hexadecimal digits, for logs and tables. */
    public String shortHex() {
        return hex().substring(0, 8);
    }

    /** Unsigned order of the 256-bit numbers. */
    @Override
    public int compareTo(Key other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Key key && Arrays.equals(bytes, key.bytes);
    }

    /** The last word: keys in one k-bucket share their leading bits with the table's owner, not their last. */
    @Override
    public int hashCode() {
        return Long.hashCode(words[3]);
    }

    @Override
    public String toString() {
        return hex();
    }
}
