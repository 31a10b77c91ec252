package dev.octet.gateway.health;

import dev.octet.gateway.client.UpstreamTarget;
import dev.octet.gateway.client.Upstreams;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the gateway itself, which is ready as soon as its routes and clients are up. It stays
 * ready when a service is down: taking the gateway out of rotation would turn one failing route into
 * no routes at all, and the gateway is what answers that route's clients with a quick 503. The state of
 * each target's circuit breaker is reported alongside, for people and dashboards.
 */
@Readiness
@Singleton
public class RoutesHealthCheck implements HealthCheck {

    private final Upstreams upstreams;

    RoutesHealthCheck(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> breakersByRoute = new TreeMap<>(upstreams.targets().stream().collect(Collectors.groupingBy(
                target -> target.route().name(),
                Collectors.mapping(RoutesHealthCheck::describe, Collectors.joining(", ")))));
        var response = HealthCheckResponse.named("gateway-routes").up();
        breakersByRoute.forEach(response::withData);
        return response.build();
    }

    private static String describe(UpstreamTarget target) {
        return target.label() + " " + target.state().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
