package dev.octet.router.execution;

import dev.octet.router.protocol.Formats;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.SqlState;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

/**
 * Column values the router must understand to merge shard results: decoded (from text or binary)
 * into Java values that order as PostgreSQL orders them, and aggregate results encoded back.
 * Text orders by its UTF-8 bytes, which is the C and C.UTF-8 collation the shards use.
 */
final class PgValues {

    private static final BigDecimal NUMERIC_NAN = new BigDecimal("2e100000");
    private static final BigDecimal NUMERIC_INFINITY = new BigDecimal("1e100000");

    private PgValues() {
    }

    /** Raw bytes with unsigned lexicographic order. */
    record Bytes(byte[] value) implements Comparable<Bytes> {
        @Override
        public int compareTo(Bytes other) {
            return Arrays.compareUnsigned(value, other.value);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }
    }

    /** A value to order by; fails with 0A000 for types the router cannot order. */
    @SuppressWarnings("rawtypes")
    static Comparable decode(int type, short format, byte[] bytes) {
        boolean binary = format == Formats.BINARY;
        String text = binary ? null : new String(bytes, StandardCharsets.UTF_8);
        switch (type) {
            case PgTypes.INT2, PgTypes.INT4, PgTypes.INT8, PgTypes.OID -> {
                return binary ? integer(bytes) : Long.parseLong(text);
            }
            case PgTypes.FLOAT4 -> {
                return binary ? (double) ByteBuffer.wrap(bytes).getFloat() : parseDouble(text);
            }
            case PgTypes.FLOAT8 -> {
                return binary ? ByteBuffer.wrap(bytes).getDouble() : parseDouble(text);
            }
            case PgTypes.NUMERIC -> {
                return binary ? numericBinary(bytes) : numericText(text);
            }
            case PgTypes.BOOL -> {
                return binary ? bytes[0] != 0 : text.equals("t");
            }
            case PgTypes.TEXT, PgTypes.VARCHAR, PgTypes.BPCHAR, PgTypes.NAME, PgTypes.CHAR, PgTypes.BYTEA,
                    PgTypes.UUID -> {
                return new Bytes(binary || type != PgTypes.UUID ? bytes
                        : text.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            }
            case PgTypes.DATE -> {
                return binary ? (long) ByteBuffer.wrap(bytes).getInt() : new Bytes(bytes);
            }
            case PgTypes.TIMESTAMP, PgTypes.TIME -> {
                return binary ? ByteBuffer.wrap(bytes).getLong() : new Bytes(bytes);
            }
            case PgTypes.TIMESTAMPTZ -> {
                return binary ? ByteBuffer.wrap(bytes).getLong() : timestampTz(text);
            }
            default -> throw new PgException(SqlState.FEATURE_NOT_SUPPORTED,
                    "the query router cannot order or aggregate values of type oid " + type + " across shards");
        }
    }

    /** A value to group by: equal for values PostgreSQL groups together (1.0 and 1.00 too). */
    static Object groupKey(int type, short format, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            Object value = decode(type, format, bytes);
            return value instanceof BigDecimal decimal ? decimal.stripTrailingZeros() : value;
        } catch (PgException e) {
            return new Bytes(bytes);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Comparable a, Comparable b) {
        return a.compareTo(b);
    }

    private static long integer(byte[] bytes) {
        return switch (bytes.length) {
            case 2 -> ByteBuffer.wrap(bytes).getShort();
            case 4 -> ByteBuffer.wrap(bytes).getInt();
            default -> ByteBuffer.wrap(bytes).getLong();
        };
    }

    private static double parseDouble(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    private static BigDecimal numericText(String text) {
        return switch (text) {
            case "NaN" -> NUMERIC_NAN;
            case "Infinity" -> NUMERIC_INFINITY;
            case "-Infinity" -> NUMERIC_INFINITY.negate();
            default -> new BigDecimal(text);
        };
    }

    private static BigDecimal numericBinary(byte[] bytes) {
        BigDecimal value = NumericCodec.decode(bytes);
        return value != null ? value : NumericCodec.isNaN(bytes) ? NUMERIC_NAN : NUMERIC_INFINITY;
    }

    /** timestamptz text ("2024-03-01 10:00:00.5+02") as an instant, so offsets compare correctly. */
    private static Comparable<?> timestampTz(String text) {
        if (text.equals("infinity")) {
            return Instant.MAX;
        }
        if (text.equals("-infinity")) {
            return Instant.MIN;
        }
        int offsetAt = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        if (offsetAt < 11) {
            return new Bytes(text.getBytes(StandardCharsets.UTF_8));
        }
        LocalDateTime local = LocalDateTime.parse(text.substring(0, offsetAt).replace(' ', 'T'));
        String offset = text.substring(offsetAt);
        String[] parts = offset.substring(1).split(":");
        int seconds = Integer.parseInt(parts[0]) * 3600 + (parts.length > 1 ? Integer.parseInt(parts[1]) * 60 : 0)
                + (parts.length > 2 ? Integer.parseInt(parts[2]) : 0);
        return local.toInstant(ZoneOffset.ofTotalSeconds(offset.charAt(0) == '-' ? -seconds : seconds));
    }

    /** A numeric aggregate value (count, sum, average part) as an exact decimal. */
    static BigDecimal number(int type, short format, byte[] bytes) {
        if (format != Formats.BINARY) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return type == PgTypes.FLOAT4 || type == PgTypes.FLOAT8 ? BigDecimal.valueOf(parseDouble(text))
                    : new BigDecimal(text);
        }
        return switch (type) {
            case PgTypes.INT2, PgTypes.INT4, PgTypes.INT8 -> BigDecimal.valueOf(integer(bytes));
            case PgTypes.NUMERIC -> {
                BigDecimal value = NumericCodec.decode(bytes);
                if (value == null) {
                    throw new PgException(SqlState.FEATURE_NOT_SUPPORTED,
                            "the query router cannot add up NaN or infinite numerics across shards");
                }
                yield value;
            }
            case PgTypes.FLOAT4 -> BigDecimal.valueOf(ByteBuffer.wrap(bytes).getFloat());
            case PgTypes.FLOAT8 -> BigDecimal.valueOf(ByteBuffer.wrap(bytes).getDouble());
            default -> throw new PgException(SqlState.FEATURE_NOT_SUPPORTED,
                    "the query router cannot add up values of type oid " + type + " across shards");
        };
    }

    static double floatValue(short format, int type, byte[] bytes) {
        if (format != Formats.BINARY) {
            return parseDouble(new String(bytes, StandardCharsets.UTF_8));
        }
        return type == PgTypes.FLOAT4 ? ByteBuffer.wrap(bytes).getFloat() : ByteBuffer.wrap(bytes).getDouble();
    }

    /** Encodes an aggregate result of {@code type} in {@code format}. */
    static byte[] encode(int type, short format, BigDecimal value) {
        boolean binary = format == Formats.BINARY;
        switch (type) {
            case PgTypes.INT8, PgTypes.INT4, PgTypes.INT2 -> {
                long number = value.longValueExact();
                if (!binary) {
                    return Long.toString(number).getBytes(StandardCharsets.UTF_8);
                }
                return switch (type) {
                    case PgTypes.INT2 -> ByteBuffer.allocate(2).putShort((short) number).array();
                    case PgTypes.INT4 -> ByteBuffer.allocate(4).putInt((int) number).array();
                    default -> ByteBuffer.allocate(8).putLong(number).array();
                };
            }
            case PgTypes.NUMERIC -> {
                return binary ? NumericCodec.encode(value) : value.toPlainString().getBytes(StandardCharsets.UTF_8);
            }
            default -> throw new PgException(SqlState.FEATURE_NOT_SUPPORTED,
                    "the query router cannot encode values of type oid " + type);
        }
    }

    static byte[] encodeFloat(int type, short format, double value) {
        boolean single = type == PgTypes.FLOAT4;
        if (format == Formats.BINARY) {
            return single ? ByteBuffer.allocate(4).putFloat((float) value).array()
                    : ByteBuffer.allocate(8).putDouble(value).array();
        }
        return FloatText.format(value, single).getBytes(StandardCharsets.UTF_8);
    }
}
