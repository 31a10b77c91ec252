package dev.octet.gateway.client;

import dev.octet.gateway.model.Route;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.net.URI;

/** One replica of a route's service, with the circuit breaker that guards calls to it. */
public final class UpstreamTarget {

    private final Route route;
    private final String host;
    private final int port;
    private final CircuitBreaker breaker;

    UpstreamTarget(Route route, URI uri, CircuitBreaker breaker) {
        this.route = route;
        this.host = uri.getHost();
        this.port = uri.getPort() == -1 ? 80 : uri.getPort();
        this.breaker = breaker;
    }

    public Route route() {
        return route;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code host:port}, as logs, metrics and problem details name the target. */
    public String label() {
        return host + ":" + port;
    }

    public CircuitBreakerState state() {
        return breaker.state();
    }

    /** False while the breaker is open: the target is skipped without being contacted. */
    public boolean acceptsCalls() {
        return breaker.state() != CircuitBreakerState.OPEN;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    @Override
    public String toString() {
        return route.name() + "@" + label();
    }
}
