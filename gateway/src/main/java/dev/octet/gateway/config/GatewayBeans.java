package dev.octet.gateway.config;

import dev.octet.gateway.service.RouteTable;
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
