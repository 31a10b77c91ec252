package dev.octet.platform.events;

import dev.octet.platform.background.PeriodicTask;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka, oldest first, and deletes each batch only after Kafka has
 * acknowledged every record of it. Rows are locked with SKIP LOCKED, so several replicas of a
 * service can relay side by side. A crash between publishing and deleting re-sends the batch with
 * the same event ids: delivery is at least once, and consumers drop the copies.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String NEXT_BATCH =
            "select * from outbox order by position limit :limit for update skip locked";

    private final MutinyEmitter<String> emitter;
    private final int batchSize;
    private final Duration pollInterval;
    private final Vertx vertx;
    private final AtomicBoolean failing = new AtomicBoolean();
    private PeriodicTask timer;

    public OutboxRelay(@Channel("outbox") MutinyEmitter<String> emitter, Vertx vertx,
                       @ConfigProperty(name = "octet.outbox.batch-size") int batchSize,
                       @ConfigProperty(name = "octet.outbox.poll-interval") Duration pollInterval) {
        this.emitter = emitter;
        this.vertx = vertx;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
    }

    /** Polled more often than once a second, so on a Vert.x timer rather than the scheduler. */
    void start(@Observes StartupEvent event) {
        // A failure is logged by relay() itself, once, and retried on the next tick.
        timer = PeriodicTask.every(vertx, pollInterval, this::relay, failure -> { });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** Publishes the oldest batch of waiting events; a failure is logged once and retried on the next tick. */
    Uni<Void> relay() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(this::publishBatch))
                .onItem().invoke(count -> {
                    if (failing.compareAndSet(true, false)) {
                        LOG.info("Outbox relay publishes again");
                    }
                })
                .onFailure().invoke(e -> {
                    if (failing.compareAndSet(false, true)) {
                        LOG.warnf("Outbox relay cannot publish (will retry): %s", e.getMessage());
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    private Uni<Integer> publishBatch(Mutiny.Session session) {
        return session.createNativeQuery(NEXT_BATCH, OutboxMessage.class)
                .setParameter("limit", batchSize)
                .getResultList()
                .flatMap(batch -> batch.isEmpty() ? Uni.createFrom().item(0) : publishAndDelete(session, batch));
    }

    private Uni<Integer> publishAndDelete(Mutiny.Session session, List<OutboxMessage> batch) {
        // Sent in order on one idempotent producer: records of one key keep their order in the partition.
        List<Uni<Void>> sends = batch.stream().map(this::send).toList();
        return Uni.join().all(sends).andFailFast()
                .flatMap(acked -> session.createMutationQuery("delete from OutboxMessage where id in :ids")
                        .setParameter("ids", batch.stream().map(m -> m.id).toList())
                        .executeUpdate());
    }

    private Uni<Void> send(OutboxMessage row) {
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(row.id.toString())
                .withType(row.type)
                .withSource(URI.create(row.source))
                .withSubject(row.subject)
                .withDataContentType("application/json")
                .withTimestamp(row.createdAt.toZonedDateTime())
                .build();
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.key)
                .build();
        Metadata metadata = Metadata.of(cloudEvent, kafka, TracingMetadata.withCurrent(parentOf(row.traceparent)));
        // The returned Uni completes when Kafka acknowledges the record and fails when it cannot.
        return emitter.sendMessage(Message.of(row.data, metadata));
    }

    /** The trace the event was appended in, so the consumer's work joins it. */
    private static Context parentOf(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        String[] parts = traceparent.split("-");
        if (parts.length != 4) {
            return Context.root();
        }
        SpanContext remote = SpanContext.createFromRemoteParent(parts[1], parts[2],
                TraceFlags.fromHex(parts[3], 0), TraceState.getDefault());
        return Context.root().with(Span.wrap(remote));
    }
}
