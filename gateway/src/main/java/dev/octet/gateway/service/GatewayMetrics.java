package dev.octet.gateway.service;

import dev.octet.gateway.model.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.http.HttpMethod;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway's own Prometheus metrics:
 * <ul>
 *   <li>{@code octet_gateway_requests_seconds{route,method,status}}: every request a route handled, end to end;</li>
 *   <li>{@code octet_gateway_upstream_calls_total{route,target,outcome}}: each attempt on a target and how it went
 *       (response, connect_failed, timed_out, reset, circuit_open, client_gone);</li>
 *   <li>{@code octet_gateway_retries_total{route}}: attempts made again;</li>
 *   <li>{@code octet_gateway_breaker_state{route,target,state}}: 1 for the state each target's breaker is in.</li>
 * </ul>
 */
@Singleton
public class GatewayMetrics {

    private final MeterRegistry registry;
    private final Map<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<CallKey, Counter> callCounters = new ConcurrentHashMap<>();
    private final Map<String, Counter> retryCounters = new ConcurrentHashMap<>();

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void requestCompleted(Route route, HttpMethod method, int status, long nanos) {
        requestTimers.computeIfAbsent(new RequestKey(route.name(), method.name(), status), key -> Timer
                        .builder("octet.gateway.requests")
                        .description("Requests handled by a gateway route, from arrival to the end of the response")
                        .tags("route", key.route(), "method", key.method(), "status", Integer.toString(key.status()))
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(60))
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** An attempt on {@code target} (its {@code host:port}) of {@code route}, and how it went. */
    public void upstreamCall(Route route, String target, String outcome) {
        callCounters.computeIfAbsent(new CallKey(route.name(), target, outcome), key -> Counter
                        .builder("octet.gateway.upstream.calls")
                        .description("Attempts to call an upstream target, by outcome")
                        .tags("route", key.route(), "target", key.target(), "outcome", key.outcome())
                        .register(registry))
                .increment();
    }

    public void retried(Route route) {
        retryCounters.computeIfAbsent(route.name(), name -> Counter.builder("octet.gateway.retries")
                        .description("Attempts made again after a failed one")
                        .tags("route", name)
                        .register(registry))
                .increment();
    }

    /** Publishes the state of the circuit breaker guarding {@code target} (its {@code host:port}) of {@code route}. */
    public void watchBreaker(Route route, String target, Supplier<CircuitBreakerState> breaker) {
        for (CircuitBreakerState state : CircuitBreakerState.values()) {
            // Held strongly: a gauge keeps only a weak reference, and nothing else holds the supplier.
            Gauge.builder("octet.gateway.breaker.state", breaker, b -> b.get() == state ? 1 : 0)
                    .strongReference(true)
                    .description("1 for the state the target's circuit breaker is in, 0 for the others")
                    .tags("route", route.name(), "target", target,
                            "state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    private record RequestKey(String route, String method, int status) {
    }

    private record CallKey(String route, String target, String outcome) {
    }
}
