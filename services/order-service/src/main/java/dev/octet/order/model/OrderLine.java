package dev.octet.order.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.UUID;

@Entity
@Table(name = "order_line")
@IdClass(OrderLine.Key.class)
public class OrderLine extends PanacheEntityBase {

    public record Key(UUID customerId, UUID orderId, int lineNo) implements Serializable {
        public Key() {
            this(null, null, 0);
        }
    }

    @Id
    @Column(name = "customer_id")
    public UUID customerId;

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Id
    @Column(name = "line_no")
    public int lineNo;

    @Column(name = "product_id")
    public UUID productId;

    public int quantity;

    /** Null until the stock is reserved. */
    @Column(name = "unit_price")
    public BigDecimal unitPrice;
}
