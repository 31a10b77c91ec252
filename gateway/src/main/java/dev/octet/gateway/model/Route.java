package dev.octet.gateway.model;

import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One route: requests under {@code prefix} go to {@code upstreamPath} on one of {@code targets}.
 * {@code prefix} and {@code upstreamPath} start with a slash and never end with one (but {@code /} itself).
 * {@code sendsIdentity}: requests carry the gateway's service token for {@code service}.
 */
public record Route(String name, String service, String prefix, String upstreamPath, List<URI> targets,
                    TokenRequirement tokenRequirement, List<PublicEndpoint> publicEndpoints, Duration idleTimeout,
                    boolean sendsIdentity) {

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    /** True if {@code path} (normalized) is the prefix or below it, on a segment boundary. */
    public boolean matches(String path) {
        if (prefix.equals("/")) {
            return path.startsWith("/");
        }
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** The request URI to send upstream: {@code /api/users/login?x=1} becomes {@code /users/login?x=1}. */
    public String upstreamUri(String path, String query) {
        String rest = prefix.equals("/") ? path : path.substring(prefix.length());
        String base = upstreamPath.equals("/") ? "" : upstreamPath;
        String upstream = base + rest;
        if (upstream.isEmpty()) {
            upstream = "/";
        }
        return query == null || query.isEmpty() ? upstream : upstream + "?" + query;
    }

    /** Whether this request must carry a valid bearer token before it is forwarded. */
    public boolean needsToken(HttpMethod method, String path) {
        if (tokenRequirement == TokenRequirement.NONE) {
            return false;
        }
        for (PublicEndpoint endpoint : publicEndpoints) {
            if (endpoint.matches(method, path)) {
                return false;
            }
        }
        return tokenRequirement == TokenRequirement.ALL || !READS.contains(method);
    }
}
