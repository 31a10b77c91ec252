package dev.octet.gateway.rest;

import dev.octet.gateway.client.ForwardingFailure;
import dev.octet.gateway.config.GatewayConfig;
import dev.octet.gateway.model.Route;
import dev.octet.gateway.service.RouteTable;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Every answer the gateway gives itself is an RFC 9457 problem details document, with the same fields
 * as the services' ({@code dev.octet.platform.web.Problem}): type, title, status, detail, instance, requestId.
 */
@Singleton
public class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://octet.dev/problems/";
    private static final Logger LOG = Logger.getLogger(Problems.class);

    private final long retryAfterSeconds;
    private final String prefixes;

    Problems(GatewayConfig config, RouteTable routes) {
        this.retryAfterSeconds = Math.max(1, config.breaker().openDuration().toSeconds());
        this.prefixes = routes.routes().stream().map(Route::prefix).sorted().collect(Collectors.joining(", "));
    }

    /** The answer for a request no target answered. */
    public void forwardingFailed(RoutingContext ctx, Route route, Throwable error) {
        if (!(error instanceof ForwardingFailure failure)) {
            internal(ctx, error);
            return;
        }
        String service = route.service();
        switch (failure.kind()) {
            case CONNECT_FAILED -> send(ctx, 503, "service-unavailable",
                    service + " is unavailable: " + failure.getMessage() + ". Try again shortly.");
            case CIRCUIT_OPEN -> {
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
                send(ctx, 503, "service-unavailable", service + " is unavailable: it failed repeatedly, so the "
                        + "gateway stopped calling it for a while (circuit breaker open). Try again in "
                        + retryAfterSeconds + " s.");
            }
            case TIMED_OUT -> send(ctx, 504, "gateway-timeout", service + " did not answer in time: "
                    + failure.getMessage() + ".");
            case RESET -> send(ctx, 502, "bad-gateway", service + " failed to answer: " + failure.getMessage() + ".");
            case CLIENT_GONE -> ctx.response().reset();
        }
    }

    public void unauthorized(RoutingContext ctx, String detail) {
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        send(ctx, 401, "unauthorized", detail);
    }

    public void notFound(RoutingContext ctx) {
        send(ctx, 404, "not-found", "No route for " + ctx.request().path() + "; the gateway routes " + prefixes + ".");
    }

    /** The failure handler: what went wrong while a handler ran (or a status a handler failed with). */
    public void failure(RoutingContext ctx) {
        if (ctx.failure() != null) {
            internal(ctx, ctx.failure());
        } else if (ctx.statusCode() == 404) {
            notFound(ctx);
        } else {
            int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
            String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
            send(ctx, status, reason.toLowerCase().replace(' ', '-'), reason + ".");
        }
    }

    public void internal(RoutingContext ctx, Throwable error) {
        LOG.errorf(error, "Unexpected error on %s %s (request %s)", ctx.request().method(), ctx.request().path(),
                RequestIds.of(ctx));
        send(ctx, 500, "internal", "The gateway failed to handle this request; it is logged under request id "
                + RequestIds.of(ctx) + ".");
    }

    public void send(RoutingContext ctx, int status, String slug, String detail) {
        HttpServerResponse response = ctx.response();
        if (response.closed()) {
            return; // The client left; nobody to tell.
        }
        if (response.headWritten()) {
            // Too late for a status: the only honest signal left is to break the connection.
            response.reset();
            return;
        }
        JsonObject problem = new JsonObject()
                .put("type", TYPE_BASE + slug)
                .put("title", HttpResponseStatus.valueOf(status).reasonPhrase())
                .put("status", status)
                .put("detail", detail)
                .put("instance", ctx.request().path());
        String requestId = RequestIds.of(ctx);
        if (requestId != null) {
            problem.put("requestId", requestId);
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
                .end(problem.toBuffer());
    }
}
