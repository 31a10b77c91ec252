package dev.octet.router.execution;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;

/**
 * PostgreSQL's NUMERIC in binary form (base-10000 digits, a weight and a display scale), and the
 * scale rule of its division, so averages come out digit for digit as PostgreSQL computes them.
 */
final class NumericCodec {

    private static final short POSITIVE = 0x0000;
    private static final short NEGATIVE = 0x4000;
    private static final short NAN = (short) 0xC000;
    private static final BigInteger NBASE = BigInteger.valueOf(10000);

    private NumericCodec() {
    }

    /** Null for NaN and the infinities, which the router does not aggregate. */
    static BigDecimal decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int digits = buffer.getShort();
        int weight = buffer.getShort();
        short sign = buffer.getShort();
        int scale = buffer.getShort();
        if (sign != POSITIVE && sign != NEGATIVE) {
            return null;
        }
        BigInteger unscaled = BigInteger.ZERO;
        for (int i = 0; i < digits; i++) {
            unscaled = unscaled.multiply(NBASE).add(BigInteger.valueOf(buffer.getShort()));
        }
        // unscaled holds the digits; the last one has weight (weight - digits + 1).
        BigDecimal value = new BigDecimal(unscaled).movePointRight(4 * (weight - digits + 1));
        value = value.setScale(scale, RoundingMode.UNNECESSARY);
        return sign == NEGATIVE ? value.negate() : value;
    }

    static byte[] encode(BigDecimal value) {
        int scale = Math.max(value.scale(), 0);
        BigDecimal scaled = value.setScale(scale, RoundingMode.UNNECESSARY);
        if (scaled.signum() == 0) {
            return ByteBuffer.allocate(8).putShort((short) 0).putShort((short) 0).putShort(POSITIVE)
                    .putShort((short) scale).array();
        }
        String plain = scaled.abs().toPlainString();
        int point = plain.indexOf('.');
        String integer = point < 0 ? plain : plain.substring(0, point);
        String fraction = point < 0 ? "" : plain.substring(point + 1);
        integer = "0".repeat((4 - integer.length() % 4) % 4) + integer;
        fraction = fraction + "0".repeat((4 - fraction.length() % 4) % 4);
        String all = integer + fraction;
        int groups = all.length() / 4;
        short[] digits = new short[groups];
        for (int i = 0; i < groups; i++) {
            digits[i] = Short.parseShort(all.substring(4 * i, 4 * i + 4));
        }
        int weight = integer.length() / 4 - 1;
        int first = 0;
        while (first < groups - 1 && digits[first] == 0) {
            first++;
            weight--;
        }
        int last = groups - 1;
        while (last > first && digits[last] == 0) {
            last--;
        }
        int count = last - first + 1;
        ByteBuffer buffer = ByteBuffer.allocate(8 + 2 * count).putShort((short) count).putShort((short) weight)
                .putShort(scaled.signum() < 0 ? NEGATIVE : POSITIVE).putShort((short) scale);
        for (int i = first; i <= last; i++) {
            buffer.putShort(digits[i]);
        }
        return buffer.array();
    }

    static boolean isNaN(byte[] bytes) {
        return bytes.length >= 6 && ByteBuffer.wrap(bytes).getShort(4) == NAN;
    }

    /** sum / count with the result scale PostgreSQL's select_div_scale picks, rounded half away from zero. */
    static BigDecimal divide(BigDecimal sum, BigDecimal count) {
        int[] first1 = weightAndFirstDigit(sum);
        int[] first2 = weightAndFirstDigit(count);
        int quotientWeight = first1[0] - first2[0];
        if (first1[1] <= first2[1]) {
            quotientWeight--;
        }
        int scale = 16 - quotientWeight * 4;
        scale = Math.max(scale, Math.max(sum.scale(), 0));
        scale = Math.max(scale, Math.max(count.scale(), 0));
        scale = Math.min(Math.max(scale, 0), 1000);
        return sum.divide(count, scale, RoundingMode.HALF_UP);
    }

    /** The weight (in base-10000 digits) and the value of the first non-zero base-10000 digit. */
    private static int[] weightAndFirstDigit(BigDecimal value) {
        BigDecimal abs = value.abs();
        if (abs.signum() == 0) {
            return new int[] {0, 0};
        }
        int exponent = abs.precision() - abs.scale() - 1;
        int weight = Math.floorDiv(exponent, 4);
        int first = abs.movePointLeft(4 * weight).setScale(0, RoundingMode.DOWN).intValueExact();
        return new int[] {weight, first};
    }
}
