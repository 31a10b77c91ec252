package dev.octet.router.protocol;

import java.nio.charset.StandardCharsets;

/** The interesting fields of an ErrorResponse or NoticeResponse payload. */
public record ErrorFields(String severity, String sqlState, String message, String detail) {

    public static ErrorFields parse(byte[] payload) {
        String severity = "ERROR";
        String sqlState = SqlState.INTERNAL_ERROR;
        String message = "";
        String detail = null;
        int i = 0;
        while (i < payload.length && payload[i] != 0) {
            byte field = payload[i++];
            int end = i;
            while (end < payload.length && payload[end] != 0) {
                end++;
            }
            String value = new String(payload, i, end - i, StandardCharsets.UTF_8);
            switch (field) {
                case 'V' -> severity = value;
                case 'C' -> sqlState = value;
                case 'M' -> message = value;
                case 'D' -> detail = value;
                default -> {
                }
            }
            i = end + 1;
        }
        return new ErrorFields(severity, sqlState, message, detail);
    }
}
