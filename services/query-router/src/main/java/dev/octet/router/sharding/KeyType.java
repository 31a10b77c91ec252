package dev.octet.router.sharding;

import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.SqlState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * The families of shard key types the router can hash exactly as PostgreSQL does, with the SQL
 * function that hashes the same way on a shard (used to select a partition's rows when moving it).
 */
public enum KeyType {
    INTEGER("hashint8extended(%s::int8, %d)"),
    TEXT("hashtextextended(%s::text, %d)"),
    UUID_TYPE("uuid_hash_extended(%s, %d)");

    private final String sqlHash;

    KeyType(String sqlHash) {
        this.sqlHash = sqlHash;
    }

    /** The family of a PostgreSQL type name (as format_type or information_schema spells it). */
    public static KeyType ofTypeName(String typeName) {
        String name = typeName.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "smallint", "integer", "bigint", "int2", "int4", "int8" -> INTEGER;
            case "text", "character varying", "varchar" -> TEXT;
            case "uuid" -> UUID_TYPE;
            default -> {
                if (name.startsWith("character varying") || name.startsWith("varchar")) {
                    yield TEXT;
                }
                throw new IllegalArgumentException("A shard key must be smallint, integer, bigint, text, varchar or"
                        + " uuid, not " + typeName);
            }
        };
    }

    /** PostgreSQL's seeded column hash of a value given in text form. */
    public long hashText(String value) {
        return switch (this) {
            case INTEGER -> PgHash.hashInt8(parseInteger(value), PgHash.PARTITION_SEED);
            case TEXT -> PgHash.hashBytes(value.getBytes(StandardCharsets.UTF_8), PgHash.PARTITION_SEED);
            case UUID_TYPE -> PgHash.hashBytes(uuidBytes(value), PgHash.PARTITION_SEED);
        };
    }

    /** The same for a value in the binary format of the parameter's type. */
    public long hashBinary(byte[] value) {
        return switch (this) {
            case INTEGER -> PgHash.hashInt8(switch (value.length) {
                case 2 -> ByteBuffer.wrap(value).getShort();
                case 4 -> ByteBuffer.wrap(value).getInt();
                case 8 -> ByteBuffer.wrap(value).getLong();
                default -> throw new PgException(SqlState.PROTOCOL_VIOLATION,
                        "incorrect binary data format in bind parameter: integer of " + value.length + " bytes");
            }, PgHash.PARTITION_SEED);
            case TEXT -> PgHash.hashBytes(value, PgHash.PARTITION_SEED);
            case UUID_TYPE -> {
                if (value.length != 16) {
                    throw new PgException(SqlState.PROTOCOL_VIOLATION,
                            "incorrect binary data format in bind parameter: uuid of " + value.length + " bytes");
                }
                yield PgHash.hashBytes(value, PgHash.PARTITION_SEED);
            }
        };
    }

    /** A SQL expression that computes the virtual partition of {@code column} on a shard. */
    public String partitionSql(String column, int partitions) {
        String hash = String.format(Locale.ROOT, sqlHash, column, PgHash.PARTITION_SEED);
        // The unsigned 64-bit row hash, computed in numeric so nothing overflows.
        return "mod(mod(" + hash + "::numeric + 5305509591434766563 + 18446744073709551616, 18446744073709551616), "
                + partitions + ")::int";
    }

    private static long parseInteger(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new PgException(SqlState.INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for type bigint: \"" + value + "\"");
        }
    }

    private static byte[] uuidBytes(String value) {
        String hex = value.trim().replace("-", "").replace("{", "").replace("}", "");
        if (hex.length() != 32 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new PgException(SqlState.INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for type uuid: \"" + value + "\"");
        }
        UUID uuid = new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
                .array();
    }
}
