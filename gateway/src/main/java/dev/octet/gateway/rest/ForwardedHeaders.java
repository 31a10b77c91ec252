package dev.octet.gateway.rest;

import dev.octet.gateway.config.GatewayConfig;
import dev.octet.gateway.model.AddressRange;
import dev.octet.gateway.model.Route;
import dev.octet.platform.identity.TokenSigner;
import dev.octet.platform.identity.config.ServiceIdentity;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.ProxyRequest;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The header changes a request gets on its way upstream, on top of what vertx-http-proxy does (it
 * drops hop-by-hop headers and sets Host to the target). Authorization and X-Request-Id pass unchanged.
 * What a client says about where a request came from (X-Forwarded-*, Forwarded) is believed only from
 * a trusted proxy ({@code octet.gateway.trusted-proxies}); from anyone else it is replaced, so that no
 * caller can pass itself off as another address or host to the services. A client's {@code Octet-Service-Token}
 * is dropped; on a route with {@code identity=true} the gateway sends its own, for the service it goes to:
 * chunk servers answer {@code /files} only to the gateway.
 */
@Singleton
public class ForwardedHeaders {

    static final String TRACEPARENT = "traceparent";
    static final String TRACESTATE = "tracestate";

    private static final List<String> CLIENT_CLAIMS = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto",
            "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Real-IP");

    private final boolean tracingWritesTraceContext;
    private final List<AddressRange> trustedProxies;
    private final ServiceIdentity identity;

    ForwardedHeaders(GatewayConfig config, ServiceIdentity identity,
                     @ConfigProperty(name = "quarkus.otel.enabled", defaultValue = "true") boolean otelEnabled,
                     @ConfigProperty(name = "quarkus.otel.traces.enabled", defaultValue = "true") boolean tracesEnabled,
                     @ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean sdkDisabled,
                     @ConfigProperty(name = "quarkus.otel.instrument.vertx-http", defaultValue = "true") boolean httpTraced) {
        this.tracingWritesTraceContext = otelEnabled && tracesEnabled && !sdkDisabled && httpTraced;
        this.trustedProxies = config.trustedProxies().orElse(List.of()).stream().map(AddressRange::parse).toList();
        this.identity = identity;
    }

    void apply(ProxyRequest proxyRequest, HttpServerRequest request, Route route) {
        MultiMap headers = proxyRequest.headers();
        if (tracingWritesTraceContext) {
            // The gateway's client span writes fresh ones: the client's trace, with the gateway's span as parent.
            // With tracing off they pass through untouched, so the trace still joins up downstream.
            headers.remove(TRACEPARENT);
            headers.remove(TRACESTATE);
        }
        // The gateway answers "100-continue" itself once a target is connected.
        headers.remove(HttpHeaders.EXPECT);

        SocketAddress client = request.remoteAddress();
        String address = client == null ? null : client.hostAddress();
        boolean fromTrustedProxy = address != null && trustedProxies.stream().anyMatch(range -> range.contains(address));
        if (!fromTrustedProxy) {
            CLIENT_CLAIMS.forEach(headers::remove);
        }
        if (address != null) {
            String earlier = headers.get("X-Forwarded-For");
            headers.set("X-Forwarded-For", earlier == null ? address : earlier + ", " + address);
        }
        if (!headers.contains("X-Forwarded-Proto")) {
            headers.set("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
        }
        HostAndPort authority = request.authority();
        if (authority != null && !headers.contains("X-Forwarded-Host")) {
            headers.set("X-Forwarded-Host", authority.toString());
        }
        headers.remove("X-Forwarded-Prefix");
        forwardedPrefix(route).ifPresent(prefix -> headers.set("X-Forwarded-Prefix", prefix));
        // Who calls the service is the gateway, whatever a client sent: its own token, for that service,
        // on the routes to services that answer only the gateway.
        headers.remove(TokenSigner.HEADER);
        if (route.sendsIdentity()) {
            identity.tokenFor(route.service()).ifPresent(token -> headers.set(TokenSigner.HEADER, token));
        }
    }

    /**
     * What the gateway took off the path, which a service puts back in front of its own paths when it
     * writes links (Location headers): {@code /api/users} becoming {@code /users} took off {@code /api}.
     * A route whose upstream path is not the tail of its prefix has no such prefix.
     */
    static java.util.Optional<String> forwardedPrefix(Route route) {
        String upstream = route.upstreamPath().equals("/") ? "" : route.upstreamPath();
        if (!route.prefix().endsWith(upstream)) {
            return java.util.Optional.empty();
        }
        String removed = route.prefix().substring(0, route.prefix().length() - upstream.length());
        return removed.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(removed);
    }
}
