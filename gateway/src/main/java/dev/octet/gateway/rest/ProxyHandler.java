package dev.octet.gateway.rest;

import dev.octet.gateway.client.Exchange;
import dev.octet.gateway.client.Forwarder;
import dev.octet.gateway.model.Route;
import dev.octet.gateway.service.GatewayMetrics;
import dev.octet.gateway.service.RouteTable;
import dev.octet.gateway.service.TokenCheck;
import dev.octet.gateway.service.TokenVerifier;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * The gateway's request path: find the route, check the token if the route wants one, then forward and
 * relay the response as it streams. Paths no route serves go on to the next handler (health, metrics,
 * OpenAPI, and finally a 404 problem).
 */
@Singleton
public class ProxyHandler implements Handler<RoutingContext> {

    /** The key Quarkus's metrics and tracing read a route's path template from, so they tag by route, not by URI. */
    private static final String PATH_TEMPLATE_KEY = "UrlPathTemplate";

    private final RouteTable routes;
    private final TokenVerifier tokens;
    private final Forwarder forwarder;
    private final Problems problems;
    private final GatewayMetrics metrics;
    private final ForwardedHeaders forwardedHeaders;

    ProxyHandler(RouteTable routes, TokenVerifier tokens, Forwarder forwarder, Problems problems, GatewayMetrics metrics,
                 ForwardedHeaders forwardedHeaders) {
        this.routes = routes;
        this.tokens = tokens;
        this.forwarder = forwarder;
        this.problems = problems;
        this.metrics = metrics;
        this.forwardedHeaders = forwardedHeaders;
    }

    @Override
    public void handle(RoutingContext ctx) {
        // Normalized: "/api/users/../orders" is "/api/orders", and is routed (and checked) as such.
        String path = ctx.normalizedPath();
        Optional<Route> match = routes.match(path);
        if (match.isEmpty()) {
            ctx.next();
            return;
        }
        Route route = match.get();
        HttpServerRequest request = ctx.request();
        // Nothing of the body is read until the request is accepted and a target is connected.
        request.pause();
        track(ctx, route);
        if (!route.needsToken(request.method(), path)) {
            forward(ctx, route, path);
            return;
        }
        tokens.check(request.getHeader(HttpHeaders.AUTHORIZATION)).onComplete(checked -> {
            if (checked.failed()) {
                problems.internal(ctx, checked.cause());
                return;
            }
            TokenCheck check = checked.result();
            switch (check.outcome()) {
                case VALID -> forward(ctx, route, path);
                case REFUSED -> problems.unauthorized(ctx, check.detail());
                case KEYS_UNAVAILABLE -> problems.send(ctx, 503, "service-unavailable", check.detail());
            }
        });
    }

    private void forward(RoutingContext ctx, Route route, String path) {
        HttpServerRequest request = ctx.request();
        if (!validTransferEncoding(request.getHeader(HttpHeaders.TRANSFER_ENCODING))) {
            problems.send(ctx, 400, "bad-request", "Transfer-Encoding must be 'chunked' or absent.");
            return;
        }
        ProxyRequest proxyRequest = ProxyRequest.reverseProxy(request);
        proxyRequest.setURI(route.upstreamUri(path, request.query()));
        forwardedHeaders.apply(proxyRequest, request, route);
        Exchange exchange = new Exchange(route, proxyRequest);
        // A client that disconnects (an end that failed) cancels the upstream call instead of waiting it out.
        ctx.addEndHandler(ended -> {
            if (ended.failed()) {
                exchange.abandon();
            }
        });
        forwarder.forward(exchange).onComplete(forwarded -> {
            if (forwarded.succeeded()) {
                relay(ctx, route, exchange, forwarded.result());
            } else {
                exchange.finish();
                problems.forwardingFailed(ctx, route, forwarded.cause());
            }
        });
    }

    /** Streams the upstream's response to the client, unless one of the two connections broke meanwhile. */
    private void relay(RoutingContext ctx, Route route, Exchange exchange, ProxyResponse response) {
        if (ctx.response().closed()) {
            response.release();
            exchange.finish();
            return;
        }
        try {
            response.send().onComplete(relayed -> exchange.finish());
        } catch (IllegalStateException upstreamBroke) {
            // The upstream's connection failed between the response head and the relay: nothing was sent yet.
            exchange.finish();
            problems.send(ctx, 502, "bad-gateway", route.service() + " failed while answering: its connection closed.");
        }
    }

    private void track(RoutingContext ctx, Route route) {
        Vertx.currentContext().putLocal(PATH_TEMPLATE_KEY, route.prefix() + "/**");
        HttpMethod method = ctx.request().method();
        long start = System.nanoTime();
        ctx.addEndHandler(ended -> metrics.requestCompleted(route, method, ctx.response().getStatusCode(),
                System.nanoTime() - start));
    }

    private static boolean validTransferEncoding(String transferEncoding) {
        return transferEncoding == null || transferEncoding.trim().equalsIgnoreCase("chunked");
    }
}
