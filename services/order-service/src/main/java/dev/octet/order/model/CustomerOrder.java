package dev.octet.order.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An order. Its key leads with the customer, so every update Hibernate writes names the customer too. */
@Entity
@Table(name = "orders")
@IdClass(CustomerOrder.Key.class)
public class CustomerOrder extends PanacheEntityBase {

    public record Key(UUID customerId, UUID id) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    /** Set when stock is reserved, from the prices product-service held it at. */
    public BigDecimal total;

    @Column(name = "rejection_reason")
    public String rejectionReason;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Version
    public int version;
}
