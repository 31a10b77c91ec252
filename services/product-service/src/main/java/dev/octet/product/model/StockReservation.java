package dev.octet.product.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Units of one product held for one order, until the order is cancelled. */
@Entity
@Table(name = "stock_reservation")
@IdClass(StockReservation.Key.class)
public class StockReservation extends PanacheEntityBase {

    public enum Status { RESERVED, RELEASED }

    public record Key(UUID orderId, UUID productId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Id
    @Column(name = "product_id")
    public UUID productId;

    public int quantity;

    @Column(name = "unit_price")
    public BigDecimal unitPrice;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;
}
