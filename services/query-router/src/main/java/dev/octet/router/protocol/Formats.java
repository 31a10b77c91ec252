package dev.octet.router.protocol;

/** Format codes of a Bind message: none means all text, one applies to all, else one per column. */
public final class Formats {

    public static final short TEXT = 0;
    public static final short BINARY = 1;

    private Formats() {
    }

    public static short of(short[] formats, int index) {
        if (formats.length == 0) {
            return TEXT;
        }
        return formats.length == 1 ? formats[0] : (index < formats.length ? formats[index] : TEXT);
    }
}
