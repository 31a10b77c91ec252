package dev.octet.router.sharding;

/**
 * PostgreSQL's seeded 64-bit hash functions (Bob Jenkins' lookup3, as in src/common/hashfn.c) and
 * the way hash partitioning combines them, so a key lands in the partition where
 * {@code satisfies_hash_partition} would put it.
 */
public final class PgHash {

    /** HASH_PARTITION_SEED in partbounds.c. */
    public static final long PARTITION_SEED = 0x7A5B22367996DCFDL;
    private static final long COMBINE_CONSTANT = 0x49a0f4dd15e5a8e3L;
    private static final int GOLDEN = 0x9e3779b9 + 3923095;

    private PgHash() {
    }

    /** hash_bytes_extended: what hashtextextended and uuid_hash_extended compute over the bytes. */
    @SuppressWarnings("fallthrough")
    public static long hashBytes(byte[] k, long seed) {
        int len = k.length;
        int a = GOLDEN + len;
        int b = a;
        int c = a;
        if (seed != 0) {
            a += (int) (seed >>> 32);
            b += (int) seed;
            // mix(a, b, c)
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        }
        int offset = 0;
        int remaining = len;
        while (remaining >= 12) {
            a += word(k, offset);
            b += word(k, offset + 4);
            c += word(k, offset + 8);
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            offset += 12;
            remaining -= 12;
        }
        // The last 11 bytes, little-endian; the lowest byte of c is reserved for the length.
        switch (remaining) {
            case 11: c += (k[offset + 10] & 0xFF) << 24; // fall through
            case 10: c += (k[offset + 9] & 0xFF) << 16; // fall through
            case 9: c += (k[offset + 8] & 0xFF) << 8; // fall through
            case 8: b += (k[offset + 7] & 0xFF) << 24; // fall through
            case 7: b += (k[offset + 6] & 0xFF) << 16; // fall through
            case 6: b += (k[offset + 5] & 0xFF) << 8; // fall through
            case 5: b += k[offset + 4] & 0xFF; // fall through
            case 4: a += (k[offset + 3] & 0xFF) << 24; // fall through
            case 3: a += (k[offset + 2] & 0xFF) << 16; // fall through
            case 2: a += (k[offset + 1] & 0xFF) << 8; // fall through
            case 1: a += k[offset] & 0xFF; // fall through
            default: break;
        }
        return fin(a, b, c);
    }

    /** hash_bytes_uint32_extended: hashint4extended and friends. */
    public static long hashUint32(int k, long seed) {
        int a = GOLDEN + 4;
        int b = a;
        int c = a;
        if (seed != 0) {
            a += (int) (seed >>> 32);
            b += (int) seed;
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
        }
        a += k;
        return fin(a, b, c);
    }

    private static long fin(int a, int b, int c) {
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return ((long) b << 32) | (c & 0xFFFFFFFFL);
    }

    private static int word(byte[] k, int i) {
        return (k[i] & 0xFF) | (k[i + 1] & 0xFF) << 8 | (k[i + 2] & 0xFF) << 16 | (k[i + 3] & 0xFF) << 24;
    }

    /** hashint8extended; int2 and int4 hash the same for the same value, by design. */
    public static long hashInt8(long value, long seed) {
        int low = (int) value;
        int high = (int) (value >>> 32);
        low ^= value >= 0 ? high : ~high;
        return hashUint32(low, seed);
    }

    /** hash_combine64 as compute_partition_hash_value applies it to a single-column key. */
    public static long partitionHash(long columnHash) {
        long rowHash = 0;
        rowHash ^= columnHash + COMBINE_CONSTANT + (rowHash << 54) + (rowHash >>> 7);
        return rowHash;
    }

    /** The remainder of the unsigned row hash, as PostgreSQL's hash partition bound test takes it. */
    public static int remainder(long rowHash, int modulus) {
        return (int) Long.remainderUnsigned(rowHash, modulus);
    }
}
