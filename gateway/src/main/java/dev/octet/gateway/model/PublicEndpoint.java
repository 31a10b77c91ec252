package dev.octet.gateway.model;

import io.vertx.core.http.HttpMethod;
import java.util.Locale;

/** A method and exact path that never need a token, such as {@code POST /api/users/login}. */
public record PublicEndpoint(HttpMethod method, String path) {

    /** Parses {@code "POST /api/users/login"}. */
    public static PublicEndpoint parse(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2 || !parts[1].startsWith("/")) {
            throw new IllegalArgumentException("'" + text + "' is not of the form 'METHOD /path'");
        }
        return new PublicEndpoint(HttpMethod.valueOf(parts[0].toUpperCase(Locale.ROOT)), withoutTrailingSlash(parts[1]));
    }

    public boolean matches(HttpMethod requestMethod, String requestPath) {
        return method.equals(requestMethod) && path.equals(withoutTrailingSlash(requestPath));
    }

    @Override
    public String toString() {
        return method + " " + path;
    }

    static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
