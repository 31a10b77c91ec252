package dev.octet.router.runtime;

import dev.octet.router.backend.ShardPool;
import dev.octet.router.config.RouterConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Starts the router with the application: recovery of in-doubt transactions and half-done moves
 * first, then the PostgreSQL endpoint. Probes the shards' health and re-runs recovery periodically.
 */
@ApplicationScoped
public class RouterRuntime {

    private static final Logger LOG = Logger.getLogger(RouterRuntime.class);
    private static final Duration START_PATIENCE = Duration.ofSeconds(60);

    private final RouterConfig config;
    private volatile RouterBuilder.Router router;

    public RouterRuntime(RouterConfig config) {
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) throws SQLException, InterruptedException {
        RouterBuilder builder = new RouterBuilder()
                .host(config.host()).port(config.port()).database(config.database())
                .shards(config.shards()).shardCredentials(config.shardUser(), config.shardPassword())
                .poolSize(config.poolSize()).connectTimeout(config.connectTimeout()).acquireTimeout(config.acquireTimeout())
                .virtualPartitions(config.virtualPartitions())
                .shardedTables(config.tables().sharded().orElse(""))
                .shardLocalTables(config.tables().shardLocal().orElse(""))
                .referenceTables(config.tables().reference().orElse(""))
                .auth(config.auth().method(), config.auth().users())
                .instance(config.instanceId()).moveWriteWait(config.moveWriteWait())
                .maxMessageLength(config.maxMessageLength()).maxSessions(config.maxClientConnections())
                .deadlockDetectionInterval(config.deadlockDetectionInterval())
                .timeouts(config.statementTimeout(), config.idleInTransactionTimeout())
                .shardConnectionCheckInterval(config.shardConnectionCheckInterval());
        config.metadataUrl().ifPresent(builder::metadataUrl);
        config.eventLoops().ifPresent(builder::eventLoops);
        config.shardSocketDirectory().map(java.nio.file.Path::of).ifPresent(builder::shardSocketDirectory);
        Instant giveUp = Instant.now().plus(START_PATIENCE);
        while (true) {
            try {
                router = builder.start();
                break;
            } catch (SQLException | RuntimeException e) {
                if (Instant.now().isAfter(giveUp)) {
                    throw e;
                }
                LOG.warnf("The query router cannot start yet (%s); retrying", e.getMessage());
                Thread.sleep(2000);
            }
        }
        LOG.infof("Query router serving PostgreSQL on %s:%d over %d shards", config.host(), router.server().port(),
                config.shards().size());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (router != null) {
            router.close();
        }
    }

    public RouterBuilder.Router router() {
        if (router == null) {
            throw new IllegalStateException("The query router is not started");
        }
        return router;
    }

    public boolean isStarted() {
        return router != null;
    }

    @Scheduled(every = "${octet.router.health-interval}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void probeShards() {
        if (router == null) {
            return;
        }
        for (ShardPool pool : router.database().shards().pools()) {
            boolean wasHealthy = pool.isHealthy();
            boolean healthy = pool.probe();
            if (wasHealthy != healthy) {
                LOG.infof("%s is %s", pool.address(), healthy ? "back" : "down: " + pool.lastError());
            }
        }
    }

    @Scheduled(every = "${octet.router.recovery-interval}", delayed = "10s",
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void recoverInDoubtTransactions() {
        if (router == null) {
            return;
        }
        try {
            router.recovery().recover();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Recovery of in-doubt transactions failed (will retry): %s", e.getMessage());
        }
    }
}
