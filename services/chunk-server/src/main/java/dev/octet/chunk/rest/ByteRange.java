package dev.octet.chunk.rest;

import dev.octet.platform.web.ProblemException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One byte range of a file, {@code first..last} inclusive, from an HTTP Range header (RFC 9110). */
public record ByteRange(long first, long last) {

    private static final Pattern SPEC = Pattern.compile("bytes=(\\d{0,19})-(\\d{0,19})", Pattern.CASE_INSENSITIVE);

    public long length() {
        return last - first + 1;
    }

    public static ByteRange whole(long size) {
        return new ByteRange(0, size - 1);
    }

    /**
     * Parses a Range header against a file of {@code size} bytes. Malformed headers are 400s; ranges
     * that lie wholly outside the file are {@link NotSatisfiable} (416).
     */
    public static ByteRange parse(String header, long size) {
        String value = header.trim();
        if (value.contains(",")) {
            throw ProblemException.badRequest("Only one range per request is supported: '" + value + "'.");
        }
        Matcher matcher = SPEC.matcher(value);
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            throw ProblemException.badRequest("The Range header '" + abbreviate(value)
                    + "' is not of the form bytes=first-last, bytes=first- or bytes=-suffix.");
        }
        if (matcher.group(1).isEmpty()) {
            long suffix = Long.parseLong(matcher.group(2));
            if (suffix == 0 || size == 0) {
                throw new NotSatisfiable(size);
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1);
        }
        long first = Long.parseLong(matcher.group(1));
        long last = matcher.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(matcher.group(2));
        if (last < first) {
            throw ProblemException.badRequest("The Range header '" + value + "' ends before it starts.");
        }
        if (first >= size) {
            throw new NotSatisfiable(size);
        }
        return new ByteRange(first, Math.min(last, size - 1));
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** No byte of the range lies in the file. */
    public static final class NotSatisfiable extends RuntimeException {
        private final long size;

        NotSatisfiable(long size) {
            super("The range starts beyond the end of the file (" + size + " bytes).");
            this.size = size;
        }

        public long size() {
            return size;
        }
    }
}
