package dev.octet.router.rest;

import dev.octet.platform.web.Problem;
import dev.octet.platform.web.RequestIds;
import dev.octet.router.config.RouterConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The admin API moves partitions, runs recovery and shows the shard map and the queries: it is for
 * operators. Every request under {@code /admin} carries HTTP Basic credentials of the user
 * {@value #USER} with {@code octet.router.admin.password}; anything else is answered 401 (problem
 * details, {@code WWW-Authenticate: Basic}) before the resource runs, so nothing changes, and the refusal
 * is logged with the caller's address.
 */
@Singleton
public class OperatorCredential {

    static final String USER = "operator";
    private static final Logger LOG = Logger.getLogger(OperatorCredential.class);

    /** Request filters are made while the application is built, before its configuration is read: looked up once, later. */
    private final Provider<RouterConfig> config;
    private volatile byte[] expected;

    OperatorCredential(Provider<RouterConfig> config) {
        this.config = config;
    }

    @ServerRequestFilter
    public Response check(ContainerRequestContext request, HttpServerRequest connection) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/admin") && !path.startsWith("/admin/")) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String refusal = refusal(header);
        if (refusal == null) {
            return null;
        }
        String caller = connection.remoteAddress() == null ? "unknown" : connection.remoteAddress().toString();
        LOG.warnf("Refused %s %s from %s: %s", request.getMethod(), path, caller, refusal);
        Problem problem = new Problem(Problem.type("unauthorized"), "Unauthorized", 401,
                "The admin API is for operators: send the user " + USER + " and octet.router.admin.password as HTTP Basic "
                        + "credentials (curl -u " + USER + ":PASSWORD). " + refusal + ".",
                path, request.getHeaderString(RequestIds.HEADER), null);
        return Response.fromResponse(problem.toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"octet query router admin\", charset=\"UTF-8\"").build();
    }

    private String refusal(String header) {
        if (header == null || header.isBlank()) {
            return "No credentials were sent";
        }
        if (!header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "The credentials are not HTTP Basic";
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return "The credentials are not Base64";
        }
        // Compared in constant time: the time taken tells nothing about how much of the password matched.
        if (expected == null) {
            expected = (USER + ":" + config.get().admin().password()).getBytes(StandardCharsets.UTF_8);
        }
        return MessageDigest.isEqual(given, expected) ? null : "The user or password is wrong";
    }
}
