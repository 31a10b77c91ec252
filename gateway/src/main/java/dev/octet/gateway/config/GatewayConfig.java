package dev.octet.gateway.config;

import dev.octet.gateway.model.TokenRequirement;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the gateway can be told, under {@code octet.gateway}. Environment variables override each key. */
@ConfigMapping(prefix = "octet.gateway")
public interface GatewayConfig {

    /** The routes, by name. */
    Map<String, RouteConfig> routes();

    /**
     * The proxies in front of the gateway (a load balancer, an ingress), as IP addresses or CIDR blocks:
     * only from these are a request's X-Forwarded-* and Forwarded headers believed and passed on. From
     * anyone else they are replaced with what the gateway itself sees. None by default.
     */
    Optional<List<String>> trustedProxies();

    Timeouts timeouts();

    Retry retry();

    Breaker breaker();

    Upstream upstream();

    interface RouteConfig {

        /** The service behind the route, as error messages name it; the route's name if not set. */
        Optional<String> service();

        /** The path prefix clients call, e.g. {@code /api/users}. */
        String prefix();

        /** What the prefix becomes upstream, e.g. {@code /users}. */
        String upstreamPath();

        /** The replicas of the service ({@code http://host:port}), comma-separated. */
        List<URI> targets();

        /** Which requests need a valid bearer token: {@code writes} (every method but GET, HEAD, OPTIONS), {@code all} or {@code none}. */
        @WithDefault("writes")
        TokenRequirement auth();

        /** Requests that never need a token, as {@code METHOD /path}, e.g. {@code POST /api/users/login}. */
        Optional<List<String>> publicEndpoints();

        /** Overrides {@code octet.gateway.timeouts.idle} for this route. */
        Optional<Duration> idleTimeout();

        /**
         * Whether the gateway proves who it is to the service, with its service token ({@code Octet-Service-Token}):
         * for services that answer only the gateway (the chunk servers). Off for the public APIs, which check the
         * user's token and nothing else: the token is 1.1 KB on every request.
         */
        @WithDefault("false")
        boolean identity();
    }

    interface Timeouts {

        /** How long to wait for a connection to a target. */
        @WithDefault("2s")
        Duration connect();

        /** How long a call may go without a byte moving in either direction. */
        @WithDefault("30s")
        Duration idle();
    }

    interface Retry {

        /** Attempts per request, the first included. */
        @WithDefault("3")
        int maxAttempts();

        @WithDefault("50ms")
        Duration initialBackoff();

        @WithDefault("1s")
        Duration maxBackoff();
    }

    interface Breaker {

        /** Failures within the window that open a target's breaker. */
        @WithDefault("5")
        int failureThreshold();

        @WithDefault("10s")
        Duration failureWindow();

        /** How long an open breaker refuses calls before letting one trial call through. */
        @WithDefault("5s")
        Duration openDuration();
    }

    interface Upstream {

        @WithDefault("256")
        int maxConnectionsPerTarget();
    }
}
