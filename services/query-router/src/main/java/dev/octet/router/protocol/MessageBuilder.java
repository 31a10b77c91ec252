package dev.octet.router.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds the payload of one protocol message (big-endian, strings null-terminated UTF-8). */
public final class MessageBuilder {

    private byte[] bytes;
    private int size;

    public MessageBuilder() {
        this(64);
    }

    public MessageBuilder(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    public MessageBuilder int8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    public MessageBuilder int16(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    public MessageBuilder int32(int value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    public MessageBuilder string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8)).int8(0);
    }

    public MessageBuilder bytes(byte[] value) {
        return bytes(value, 0, value.length);
    }

    public MessageBuilder bytes(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, bytes, size, length);
        size += length;
        return this;
    }

    /** An int32 length (-1 for null) followed by the bytes. */
    public MessageBuilder lengthPrefixed(byte[] value) {
        if (value == null) {
            return int32(-1);
        }
        return int32(value.length).bytes(value);
    }

    public byte[] toBytes() {
        return Arrays.copyOf(bytes, size);
    }

    public PgMessage message(char type) {
        return new PgMessage((byte) type, toBytes());
    }
}
