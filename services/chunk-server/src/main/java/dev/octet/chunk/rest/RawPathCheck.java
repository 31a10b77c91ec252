package dev.octet.chunk.rest;

import dev.octet.platform.web.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Rejects file paths with {@code .} or {@code ..} names or empty names ({@code //}) as the client sent
 * them. The HTTP layer normalises paths before routing, which would quietly turn {@code /a/../b} into
 * {@code /b}; a file system should refuse such a path instead of guessing.
 */
public class RawPathCheck {

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(HttpServerRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        if (!path.startsWith("/files/")) {
            return Optional.empty();
        }
        String[] names = path.substring("/files/".length()).split("/", -1);
        for (int i = 0; i < names.length; i++) {
            String name = decode(names[i]);
            boolean trailingSlash = i == names.length - 1 && name.isEmpty();
            if (name.equals(".") || name.equals("..")) {
                return Optional.of(invalid("The path contains '" + name + "'; use plain absolute paths."));
            }
            if (name.isEmpty() && !trailingSlash) {
                return Optional.of(invalid("The path has an empty name (two slashes in a row)."));
            }
        }
        return Optional.empty();
    }

    private static String decode(String name) {
        try {
            return URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    private static Response invalid(String detail) {
        return new Problem(Problem.type("invalid-path"), "Invalid path", 400, detail, null, null, null).toResponse();
    }
}
