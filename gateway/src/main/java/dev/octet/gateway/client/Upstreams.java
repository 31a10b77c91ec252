package dev.octet.gateway.client;

import dev.octet.gateway.config.GatewayConfig;
import dev.octet.gateway.model.Route;
import dev.octet.gateway.service.GatewayMetrics;
import dev.octet.gateway.service.RouteTable;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The upstream side of the gateway: one HTTP client (a connection pool per target) on Quarkus's own
 * Vert.x, so OpenTelemetry traces each call and propagates its context, and a circuit breaker per target.
 */
@Singleton
public class Upstreams {

    private static final Logger LOG = Logger.getLogger(Upstreams.class);

    private final HttpClient client;
    private final Map<String, TargetPool> poolByRoute = new HashMap<>();
    private final List<UpstreamTarget> targets = new ArrayList<>();

    Upstreams(Vertx vertx, RouteTable routes, GatewayConfig config, GatewayMetrics metrics) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setConnectTimeout((int) config.timeouts().connect().toMillis())
                .setMaxPoolSize(config.upstream().maxConnectionsPerTarget())
                // Bytes pass through as they are: no decompression, no re-encoding.
                .setDecompressionSupported(false)
                .setName("gateway-upstreams"));
        for (Route route : routes.routes()) {
            List<UpstreamTarget> routeTargets = new ArrayList<>();
            for (URI uri : route.targets()) {
                UpstreamTarget target = new UpstreamTarget(route, uri, breaker(vertx, route, uri, config.breaker()));
                routeTargets.add(target);
                metrics.watchBreaker(target.route(), target.label(), target::state);
            }
            targets.addAll(routeTargets);
            poolByRoute.put(route.name(), new TargetPool(routeTargets));
            LOG.infof("Route %s/** -> %s%s/** on %s", route.prefix(), route.service(), route.upstreamPath(), route.targets());
        }
    }

    public HttpClient client() {
        return client;
    }

    public TargetPool pool(Route route) {
        return poolByRoute.get(route.name());
    }

    public List<UpstreamTarget> targets() {
        return targets;
    }

    @PreDestroy
    void close() {
        targets.forEach(target -> target.breaker().close());
        client.close();
    }

    private static CircuitBreaker breaker(Vertx vertx, Route route, URI uri, GatewayConfig.Breaker config) {
        String name = route.name() + "@" + uri.getAuthority();
        CircuitBreaker breaker = CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
                .setMaxFailures(config.failureThreshold())
                .setFailuresRollingWindow(config.failureWindow().toMillis())
                .setResetTimeout(config.openDuration().toMillis())
                // Time is the idle watchdog's business; the breaker only counts outcomes.
                .setTimeout(-1)
                .setNotificationAddress(null));
        breaker.failurePolicy(outcome -> outcome.failed()
                && (!(outcome.cause() instanceof ForwardingFailure failure) || failure.countsAgainstTarget()));
        breaker.openHandler(v -> LOG.warnf("Circuit breaker of %s (%s) opened: calls to it stop for %d ms",
                name, route.service(), config.openDuration().toMillis()));
        breaker.halfOpenHandler(v -> LOG.infof("Circuit breaker of %s half-open: trying one call", name));
        breaker.closeHandler(v -> LOG.infof("Circuit breaker of %s closed", name));
        return breaker;
    }
}
