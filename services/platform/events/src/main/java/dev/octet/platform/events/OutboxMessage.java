package dev.octet.platform.events;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.Generated;

/** One row of the outbox: an event committed with its change and not yet on Kafka. */
@Entity
@Table(name = "outbox")
public class OutboxMessage extends PanacheEntityBase {

    /** Also the CloudEvent id, so a re-sent event keeps its id and consumers can drop the copy. */
    @Id
    public UUID id;

    @Generated
    @Column(insertable = false, updatable = false)
    public Long position;

    public String topic;

    @Column(name = "event_key")
    public String key;

    public String type;

    public String source;

    public String subject;

    public String data;

    public String traceparent;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
