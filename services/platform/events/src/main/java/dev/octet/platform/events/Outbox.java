package dev.octet.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The transactional outbox: {@link #append} stores an event in the caller's transaction, so the
 * event exists if and only if the change it announces was committed. {@link OutboxRelay} publishes it.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;
    private final String source;

    public Outbox(ObjectMapper json, @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.json = json;
        this.source = "/octet/" + applicationName;
    }

    /** Must run inside {@code Panache.withTransaction}: the event commits or rolls back with it. */
    public Uni<Void> append(DomainEvent event) {
        OutboxMessage message = new OutboxMessage();
        message.id = UUID.randomUUID();
        message.topic = event.topic();
        message.key = event.key();
        message.type = event.type();
        message.source = source;
        message.subject = event.subject();
        message.data = toJson(event.data());
        message.traceparent = currentTraceparent();
        message.createdAt = OffsetDateTime.now();
        return message.persist().replaceWithVoid();
    }

    private String toJson(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data cannot be written as JSON: " + data, e);
        }
    }

    /** The W3C traceparent of the current span, so the published event continues this trace. */
    private static String currentTraceparent() {
        SpanContext span = Span.current().getSpanContext();
        if (!span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }
}
