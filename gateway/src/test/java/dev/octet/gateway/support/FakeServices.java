package dev.octet.gateway.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts the services the gateway under test routes to (real HTTP servers on free loopback ports, in a
 * Vert.x of their own) and configures the routes to them, one route per scenario so that one test's
 * open breaker never meddles with another's. The routes are plain configuration, as in production.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, FakeService> SERVICES = new LinkedHashMap<>();
    private static Vertx vertx;

    /** The running fake service called {@code name}. */
    public static synchronized FakeService get(String name) {
        FakeService service = SERVICES.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No fake service " + name + "; there are " + SERVICES.keySet());
        }
        return service;
    }

    @Override
    public synchronized Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        // The three real routes keep their application.properties settings (prefixes, public endpoints); only targets change.
        config.put("octet.gateway.routes.users.targets", started("user-service").url());
        config.put("octet.gateway.routes.products.targets", started("product-service").url());
        config.put("octet.gateway.routes.orders.targets", started("order-service").url());
        config.put("octet.gateway.routes.files.targets", started("chunk-server").url());
        route(config, "flaky", started("flaky-service").url());
        route(config, "fragile", started("fragile-service").url());
        route(config, "down", started("down-service").url());
        route(config, "idle", started("idle-service").url());
        config.put("octet.gateway.routes.idle.idle-timeout", "500ms");
        route(config, "trickle", started("trickle-service").url());
        config.put("octet.gateway.routes.trickle.idle-timeout", "1500ms");
        route(config, "balanced", started("balanced-a").url() + "," + started("balanced-b").url());
        route(config, "failover", started("failover-dead").url() + "," + started("failover-alive").url());
        // A replica that is listed but not running: its port was free a moment ago and nothing listens there now.
        get("failover-dead").stop();

        config.put("octet.gateway.retry.max-attempts", "3");
        config.put("octet.gateway.retry.initial-backoff", "20ms");
        config.put("octet.gateway.retry.max-backoff", "100ms");
        config.put("octet.gateway.breaker.failure-threshold", "3");
        config.put("octet.gateway.breaker.failure-window", "30s");
        config.put("octet.gateway.breaker.open-duration", "3s");
        return config;
    }

    @Override
    public synchronized void stop() {
        SERVICES.values().forEach(FakeService::stop);
        SERVICES.clear();
        if (vertx != null) {
            vertx.close();
            vertx = null;
        }
    }

    private static FakeService started(String name) {
        FakeService service = new FakeService(vertx, name).start();
        SERVICES.put(name, service);
        return service;
    }

    /** A route /api/<name>/** to /<name>/** on the targets, checked and balanced like any other. */
    private static void route(Map<String, String> config, String name, String targets) {
        config.put("octet.gateway.routes." + name + ".service", name + "-service");
        config.put("octet.gateway.routes." + name + ".prefix", "/api/" + name);
        config.put("octet.gateway.routes." + name + ".upstream-path", "/" + name);
        config.put("octet.gateway.routes." + name + ".targets", targets);
    }
}
