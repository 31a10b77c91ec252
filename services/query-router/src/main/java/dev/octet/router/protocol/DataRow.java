package dev.octet.router.protocol;

/** Splits and builds DataRow ('D') payloads. A null column value is SQL NULL. */
public final class DataRow {

    private DataRow() {
    }

    public static byte[][] columns(byte[] payload) {
        int count = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        byte[][] columns = new byte[count][];
        int offset = 2;
        for (int i = 0; i < count; i++) {
            int length = ((payload[offset] & 0xFF) << 24) | ((payload[offset + 1] & 0xFF) << 16)
                    | ((payload[offset + 2] & 0xFF) << 8) | (payload[offset + 3] & 0xFF);
            offset += 4;
            if (length >= 0) {
                columns[i] = new byte[length];
                System.arraycopy(payload, offset, columns[i], 0, length);
                offset += length;
            }
        }
        return columns;
    }

    /** A DataRow of the first {@code count} columns. */
    public static PgMessage message(byte[][] columns, int count) {
        int size = 2;
        for (int i = 0; i < count; i++) {
            size += 4 + (columns[i] == null ? 0 : columns[i].length);
        }
        MessageBuilder builder = new MessageBuilder(size).int16(count);
        for (int i = 0; i < count; i++) {
            builder.lengthPrefixed(columns[i]);
        }
        return builder.message('D');
    }
}
