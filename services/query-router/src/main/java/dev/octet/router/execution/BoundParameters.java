package dev.octet.router.execution;

import dev.octet.router.protocol.Formats;
import java.nio.charset.StandardCharsets;

/** The parameter values of one execution, with their formats (none for the simple protocol). */
public record BoundParameters(byte[][] values, short[] formats) {

    public static final BoundParameters NONE = new BoundParameters(new byte[0][], new short[0]);

    public int count() {
        return values.length;
    }

    /** Parameter {@code number} (1-based); null for SQL NULL. */
    public byte[] value(int number) {
        return values[number - 1];
    }

    public short format(int number) {
        return Formats.of(formats, number - 1);
    }

    public String text(int number) {
        byte[] value = value(number);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
