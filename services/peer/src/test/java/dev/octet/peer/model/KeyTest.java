package dev.octet.peer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyTest {

    private static final Random RANDOM = new Random(1);

    private static BigInteger number(Key key) {
        return new BigInteger(1, key.toBytes());
    }

    @Test
    void distanceIsTheXorOfTheTwoNumbers() {
        for (int i = 0; i < 100; i++) {
            Key a = Key.random(RANDOM);
            Key b = Key.random(RANDOM);
            assertThat(number(a.distance(b))).isEqualTo(number(a).xor(number(b)));
            assertThat(a.distance(b)).isEqualTo(b.distance(a));
            assertThat(number(a.distance(a))).isZero();
        }
    }

    @Test
    void compareDistanceOrdersByTheXorDistanceAsAnUnsignedNumber() {
        for (int i = 0; i < 200; i++) {
            Key target = Key.random(RANDOM);
            Key a = Key.random(RANDOM);
            Key b = Key.random(RANDOM);
            int expected = number(target).xor(number(a)).compareTo(number(target).xor(number(b)));
            assertThat(Integer.signum(target.compareDistance(a, b))).isEqualTo(expected);
        }
    }

    @Test
    void theBucketIndexIsTheHighestDifferingBit() {
        Key zero = Key.of(new byte[32]);
        byte[] top = new byte[32];
        top[0] = (byte) 0x80;
        byte[] lowest = new byte[32];
        lowest[31] = 1;
        byte[] middle = new byte[32];
        middle[16] = 0x10;
        assertThat(zero.bucketIndex(Key.of(top))).isEqualTo(255);
        assertThat(zero.bucketIndex(Key.of(lowest))).isZero();
        assertThat(zero.bucketIndex(Key.of(middle))).isEqualTo(15 * 8 + 4);
        assertThat(zero.bucketIndex(zero)).isEqualTo(-1);
        for (int i = 0; i < 100; i++) {
            Key a = Key.random(RANDOM);
            Key b = Key.random(RANDOM);
            assertThat(a.bucketIndex(b)).isEqualTo(number(a).xor(number(b)).bitLength() - 1);
        }
    }

    @Test
    void aRandomKeyInABucketFallsInThatBucket() {
        Key self = Key.random(RANDOM);
        for (int index = 0; index < Key.BITS; index++) {
            assertThat(self.bucketIndex(Key.randomInBucket(self, index, RANDOM))).as("bucket %d", index).isEqualTo(index);
        }
    }

    @Test
    void keysAreWrittenAsHexAndReadBack() {
        Key key = Key.sha256("octet".getBytes());
        assertThat(Key.parse(key.hex())).isEqualTo(key);
        assertThat(key.hex()).hasSize(64).startsWith(key.shortHex());
        assertThatThrownBy(() -> Key.parse("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Key.parse("zz".repeat(32))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Key.of(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressesAreParsedAndBadOnesRefused() {
        assertThat(Address.parse("peer-3:8093")).isEqualTo(new Address("peer-3", 8093));
        assertThatThrownBy(() -> Address.parse("peer-3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.parse("peer-3:99999")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Address.parse(":80")).isInstanceOf(IllegalArgumentException.class);
    }
}
