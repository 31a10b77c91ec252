package dev.octet.chunk.rest;

import jakarta.ws.rs.core.EntityTag;

/** Strong ETags: the metadata service names a version's content; HTTP wants it quoted. */
final class ETags {

    private ETags() {
    }

    static EntityTag of(String etag) {
        return new EntityTag(etag);
    }

    static String unquote(String header) {
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** True if an If-None-Match or If-Range header names {@code etag} (or is '*'). */
    static boolean matches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String value = candidate.trim();
            if (value.equals("*") || unquote(value).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
