package dev.octet.gateway.service;

import dev.octet.gateway.config.GatewayConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Turns configuration into the objects the gateway runs on; a bad route stops start-up with a clear message. */
public class GatewayBeans {

    @Produces
    @Singleton
    RouteTable routeTable(GatewayConfig config) {
        return RouteTable.from(config);
    }
}
