package dev.octet.router.rest;

import dev.octet.router.backend.ShardPool;
import dev.octet.router.runtime.RouterRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the PostgreSQL endpoint listens. A shard that is down does not make the router
 * unready: it still serves every statement that does not need that shard. Shard health is reported.
 */
@Readiness
@ApplicationScoped
public class RouterHealth implements HealthCheck {

    private final RouterRuntime runtime;

    public RouterHealth(RouterRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("query-router");
        if (!runtime.isStarted()) {
            return response.down().build();
        }
        response.up().withData("sessions", runtime.router().server().sessions());
        for (ShardPool pool : runtime.router().database().shards().pools()) {
            response.withData("shard-" + pool.address().index(), pool.isHealthy() ? "up" : "down");
        }
        return response.build();
    }
}
