package dev.octet.gateway.client;

import dev.octet.gateway.model.Route;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.util.Set;

/**
 * One client request on its way through the gateway: the request to forward, whether it may be sent
 * twice, and the watchdog of the attempt in progress.
 */
public final class Exchange {

    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Route route;
    private final ProxyRequest request;
    private final HttpServerRequest clientRequest;
    private final Body body;
    private final boolean replayable;
    private boolean continueSent;
    private boolean abandoned;
    private HttpClientRequest upstreamRequest;
    private IdleWatchdog watchdog;

    public Exchange(Route route, ProxyRequest request) {
        this.route = route;
        this.request = request;
        this.clientRequest = request.proxiedRequest();
        boolean hasBody = hasBody(clientRequest);
        this.body = hasBody ? request.getBody() : null;
        // Only a bodiless idempotent request can be sent again once it has left: its body cannot be replayed.
        this.replayable = !hasBody && IDEMPOTENT.contains(clientRequest.method());
        if (!hasBody) {
            request.setBody(null);
        }
    }

    public Route route() {
        return route;
    }

    public ProxyRequest request() {
        return request;
    }

    /** True if the request may be sent again after it reached a target (GET, HEAD or OPTIONS without a body). */
    boolean replayable() {
        return replayable;
    }

    boolean clientGone() {
        return abandoned || clientRequest.response().closed();
    }

    /** Starts an attempt: the body (if any) reports its bytes to this attempt's watchdog. */
    void beginAttempt(HttpClientRequest upstream, IdleWatchdog attemptWatchdog) {
        this.upstreamRequest = upstream;
        this.watchdog = attemptWatchdog;
        if (body != null) {
            request.setBody(Body.body(new WatchedStream(body.stream(), attemptWatchdog), body.length()));
        }
        // The client held its body back waiting for this: it is sent only now that a target is connected.
        if (!continueSent && "100-continue".equalsIgnoreCase(clientRequest.getHeader(HttpHeaders.EXPECT))) {
            continueSent = true;
            clientRequest.response().writeContinue();
        }
    }

    /** The response has arrived: its body, too, keeps the watchdog quiet while it flows. */
    void watchResponse(ProxyResponse response) {
        Body responseBody = response.getBody();
        if (responseBody != null && watchdog != null) {
            response.setBody(Body.body(new WatchedStream(responseBody.stream(), watchdog), responseBody.length()));
        }
    }

    /** The response has been relayed (or given up on): no more timeouts for this request. */
    public void finish() {
        if (watchdog != null) {
            watchdog.stop();
        }
    }

    /** The client went away: the call in progress is cancelled and no other is made. */
    public void abandon() {
        abandoned = true;
        finish();
        if (upstreamRequest != null) {
            upstreamRequest.reset(0);
        }
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }
}
