package dev.octet.gateway.rest;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Installs the gateway on Quarkus's own router, so Quarkus's OpenTelemetry and metrics see every request:
 * request ids first, then the proxy, then problem details for whatever nobody served or failed.
 */
@Singleton
public class GatewayRouter {

    private static final int REQUEST_ID_ORDER = -10_000;

    void install(@Observes Router router, RequestIds requestIds, ProxyHandler proxy, Problems problems) {
        router.route().order(REQUEST_ID_ORDER).handler(requestIds);
        router.route().order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(proxy);
        router.route().order(RouteConstants.ROUTE_ORDER_AFTER_DEFAULT).handler(problems::notFound);
        router.route().order(RouteConstants.ROUTE_ORDER_AFTER_DEFAULT).failureHandler(problems::failure);
    }
}
