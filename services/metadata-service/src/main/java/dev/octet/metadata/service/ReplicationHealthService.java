package dev.octet.metadata.service;

import dev.octet.metadata.config.MetadataConfig;
import dev.octet.metadata.model.ReplicationHealth;
import dev.octet.metadata.repository.ChunkServerRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicReference;

/** Counts chunks by how well they are replicated, for operators, tests and the metrics. */
@ApplicationScoped
public class ReplicationHealthService {

    private static final String COUNTS = """
            with live as (
                select c.id, count(s.id) filter (where s.state = 'ALIVE') as live
                from chunk c
                join file_version v on v.id = c.version_id and v.state in ('UPLOADING', 'COMMITTED')
                left join replica r on r.chunk_id = c.id
                left join chunk_server s on s.id = r.server_id
                where c.state = 'WRITTEN'
                group by c.id)
            select (select count(*) from chunk_server where state = 'ALIVE'),
                   (select count(*) from chunk_server where state = 'DEAD'),
                   (select count(*) from live),
                   (select count(*) from live where live > 0 and live < :factor),
                   (select count(*) from live where live > :factor),
                   (select count(*) from live where live = 0),
                   (select count(*) from replication_task),
                   (select count(*) from chunk_deletion)
            """;

    private final MetadataConfig config;
    private final ChunkServerRepository servers;
    private final AtomicReference<ReplicationHealth> latest = new AtomicReference<>();

    public ReplicationHealthService(MetadataConfig config, ChunkServerRepository servers, MeterRegistry metrics) {
        this.config = config;
        this.servers = servers;
        Gauge.builder("octet.metadata.chunks.under.replicated", latest, h -> h.get() == null ? 0 : h.get().underReplicated())
                .register(metrics);
        Gauge.builder("octet.metadata.chunks.missing", latest, h -> h.get() == null ? 0 : h.get().missing()).register(metrics);
        Gauge.builder("octet.metadata.chunks", latest, h -> h.get() == null ? 0 : h.get().chunks()).register(metrics);
        Gauge.builder("octet.metadata.chunk.servers.alive", latest, h -> h.get() == null ? 0 : h.get().serversAlive())
                .register(metrics);
        Gauge.builder("octet.metadata.chunk.servers.dead", latest, h -> h.get() == null ? 0 : h.get().serversDead())
                .register(metrics);
    }

    public Uni<ReplicationHealth> health() {
        return Panache.withSession(() -> servers.getSession().flatMap(session -> session
                        .createNativeQuery(COUNTS, Object[].class)
                        .setParameter("factor", config.replicationFactor())
                        .getSingleResult()))
                .map(row -> new ReplicationHealth(config.replicationFactor(), number(row[0]), number(row[1]), number(row[2]),
                        number(row[3]), number(row[4]), number(row[5]), number(row[6]), number(row[7])))
                .invoke(latest::set);
    }

    @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refreshMetrics() {
        return health().onFailure().recoverWithNull().replaceWithVoid();
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
