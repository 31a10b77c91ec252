package dev.octet.router.runtime;

import dev.octet.router.backend.ShardPool;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.function.ToDoubleFunction;

/**
 * The router's own figures on /q/metrics (for Prometheus and the distributed database's dashboard):
 * client sessions, two-phase commits and aborts, deadlocks broken, and each shard's health and pool.
 */
@ApplicationScoped
public class RouterMetrics {

    private final RouterRuntime runtime;
    private final MeterRegistry registry;

    public RouterMetrics(RouterRuntime runtime, MeterRegistry registry) {
        this.runtime = runtime;
        this.registry = registry;
    }

    /** After the router started (its start-up observer runs first). */
    void register(@Observes @Priority(Interceptor.Priority.APPLICATION + 900) StartupEvent event) {
        if (!runtime.isStarted()) {
            return;
        }
        RouterBuilder.Router router = runtime.router();
        Gauge.builder("octet_router_sessions", router.server(), server -> server.sessions())
                .description("Client sessions open on the PostgreSQL endpoint").register(registry);
        counter("octet_router_two_phase_commits", "Transactions committed in two phases",
                r -> r.database().twoPhaseCommit().committedCount());
        counter("octet_router_two_phase_aborts", "Two-phase commits rolled back after a failed PREPARE",
                r -> r.database().twoPhaseCommit().abortedCount());
        counter("octet_router_deadlocks_broken", "Distributed deadlocks broken by cancelling a victim (40P01)",
                r -> r.deadlockDetector().victims());
        for (ShardPool pool : router.database().shards().pools()) {
            String shard = Integer.toString(pool.address().index());
            Gauge.builder("octet_router_shard_up", pool, p -> p.isHealthy() ? 1 : 0).tag("shard", shard)
                    .description("1 while the shard is reachable").register(registry);
            Gauge.builder("octet_router_shard_connections", pool, ShardPool::openConnections).tag("shard", shard)
                    .tag("state", "open").description("Pooled connections to the shard").register(registry);
            Gauge.builder("octet_router_shard_connections", pool, ShardPool::idleConnections).tag("shard", shard)
                    .tag("state", "idle").description("Pooled connections to the shard").register(registry);
        }
    }

    private void counter(String name, String description, ToDoubleFunction<RouterBuilder.Router> value) {
        FunctionCounter.builder(name, runtime.router(), value).description(description).register(registry);
    }
}
