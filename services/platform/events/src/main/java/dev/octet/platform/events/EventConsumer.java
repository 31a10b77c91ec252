package dev.octet.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Applies an incoming CloudEvent exactly once: the handler's changes and the record that the event
 * was processed commit in one transaction, so a redelivered copy is recognised and rolled back.
 *
 * <p>A message that cannot be parsed, or that a handler rejects as {@link PoisonMessageException},
 * is nacked at once; the channel's dead-letter strategy moves it aside and the consumer carries on.
 * Other failures (a database that is briefly away) are retried with backoff before giving up.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);
    private static final String REMEMBER =
            "insert into processed_event (consumer, event_id) values (:consumer, :id) on conflict do nothing";

    private final ObjectMapper json;
    private final Duration retryFor;

    public EventConsumer(ObjectMapper json,
                         @ConfigProperty(name = "octet.events.retry-for", defaultValue = "PT60S") Duration retryFor) {
        this.json = json;
        this.retryFor = retryFor;
    }

    /**
     * Parses {@code message}, runs {@code handler} once per event id for {@code consumer} inside a
     * transaction, then acknowledges (or nacks, on failure) the message.
     */
    public Uni<Void> consume(String consumer, Message<String> message, Function<IncomingEvent, Uni<Void>> handler) {
        return Uni.createFrom().item(() -> parse(message))
                .flatMap(event -> applyOnce(consumer, event, handler)
                        .onFailure(e -> !(e instanceof PoisonMessageException))
                        .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).expireIn(retryFor.toMillis()))
                .flatMap(ignored -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("Dead-lettering a message on %s: %s", consumer, failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    /**
     * Runs the handler, then records the event id in the same transaction. A copy that was applied
     * before finds its record there and rolls its transaction back, handler's changes included.
     *
     * <p>The record is written after the handler on purpose: on a sharded database (the query
     * router, where {@code processed_event} is shard-local) it then lands on the shard the handler
     * worked on, so the event's changes and its record commit on one shard, and a copy, which touches
     * the same data, meets the record there.
     */
    private Uni<Void> applyOnce(String consumer, IncomingEvent event, Function<IncomingEvent, Uni<Void>> handler) {
        return Panache.withTransaction(() -> handler.apply(event)
                        .flatMap(ignored -> Panache.getSession())
                        .flatMap(session -> session.createNativeQuery(REMEMBER)
                                .setParameter("consumer", consumer)
                                .setParameter("id", event.id())
                                .executeUpdate())
                        .invoke(inserted -> {
                            if (inserted == 0) {
                                throw new AlreadyApplied();
                            }
                        }))
                .replaceWithVoid()
                .onFailure(AlreadyApplied.class).recoverWithItem(() -> {
                    LOG.debugf("%s already applied event %s; the copy was rolled back", consumer, event.id());
                    return null;
                });
    }

    /** The event had been applied before: rolls back what the handler just did again. */
    private static final class AlreadyApplied extends RuntimeException {
        AlreadyApplied() {
            super("event already applied", null, false, false);
        }
    }

    @SuppressWarnings("unchecked")
    private IncomingEvent parse(Message<String> message) {
        IncomingCloudEventMetadata<Object> cloudEvent = message.getMetadata(IncomingCloudEventMetadata.class)
                .orElseThrow(() -> new PoisonMessageException("Not a CloudEvent (no ce_* headers)"));
        if (cloudEvent.getId() == null || cloudEvent.getType() == null) {
            throw new PoisonMessageException("CloudEvent without id or type");
        }
        String payload = message.getPayload();
        JsonNode data;
        try {
            data = payload == null ? null : json.readTree(payload);
        } catch (JsonProcessingException e) {
            throw new PoisonMessageException("CloudEvent " + cloudEvent.getId() + " has data that is not JSON");
        }
        if (data == null || data.isMissingNode() || data.isNull()) {
            throw new PoisonMessageException("CloudEvent " + cloudEvent.getId() + " has no data");
        }
        return new IncomingEvent(cloudEvent.getId(), cloudEvent.getType(), cloudEvent.getSubject().orElse(null), data);
    }
}
