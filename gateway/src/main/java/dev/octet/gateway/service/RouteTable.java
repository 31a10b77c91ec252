package dev.octet.gateway.service;

import dev.octet.gateway.config.GatewayConfig;
import dev.octet.gateway.model.PublicEndpoint;
import dev.octet.gateway.model.Route;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured routes, checked once at start-up, and the lookup of a request path: the route with
 * the longest matching prefix wins, so {@code /api/files/admin} can sit beside {@code /api/files}.
 */
public final class RouteTable {

    private final List<Route> longestPrefixFirst;

    public RouteTable(List<Route> routes) {
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparingInt((Route route) -> route.prefix().length()).reversed()
                .thenComparing(Route::name));
        this.longestPrefixFirst = List.copyOf(sorted);
    }

    /** Reads and validates {@code octet.gateway.*}; a mistake stops the gateway with a message naming the key. */
    public static RouteTable from(GatewayConfig config) {
        if (config.routes().isEmpty()) {
            throw new IllegalStateException("No routes configured: set octet.gateway.routes.<name>.prefix, "
                    + ".upstream-path and .targets for at least one route");
        }
        List<Route> routes = new ArrayList<>();
        Map<String, String> routeByPrefix = new HashMap<>();
        config.routes().forEach((name, route) -> {
            String key = "octet.gateway.routes." + name;
            String prefix = path(key + ".prefix", route.prefix());
            String previous = routeByPrefix.put(prefix, name);
            if (previous != null) {
                throw new IllegalStateException(key + ".prefix: " + prefix + " is also the prefix of route " + previous);
            }
            List<PublicEndpoint> publicEndpoints = new ArrayList<>();
            for (String endpoint : route.publicEndpoints().orElse(List.of())) {
                try {
                    publicEndpoints.add(PublicEndpoint.parse(endpoint));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(key + ".public-endpoints: " + e.getMessage(), e);
                }
            }
            routes.add(new Route(name, route.service().orElse(name), prefix, path(key + ".upstream-path", route.upstreamPath()),
                    targets(key + ".targets", route.targets()), route.auth(), List.copyOf(publicEndpoints),
                    route.idleTimeout().orElse(config.timeouts().idle()), route.identity()));
        });
        return new RouteTable(routes);
    }

    public Optional<Route> match(String path) {
        for (Route route : longestPrefixFirst) {
            if (route.matches(path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    public List<Route> routes() {
        return longestPrefixFirst;
    }

    private static String path(String key, String value) {
        String path = value.trim();
        if (!path.startsWith("/")) {
            throw new IllegalStateException(key + ": '" + value + "' must start with /");
        }
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    private static List<URI> targets(String key, List<URI> targets) {
        if (targets.isEmpty()) {
            throw new IllegalStateException(key + ": at least one target (http://host:port) is needed");
        }
        for (URI target : targets) {
            boolean bare = target.getRawPath() == null || target.getRawPath().isEmpty() || target.getRawPath().equals("/");
            if (!"http".equals(target.getScheme()) || target.getHost() == null || !bare || target.getRawQuery() != null) {
                throw new IllegalStateException(key + ": '" + target + "' is not of the form http://host:port");
            }
        }
        return List.copyOf(targets);
    }
}
