package dev.octet.shop.events.v1;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * What order-service announces on topic {@value #TOPIC}, keyed by order id: the CloudEvent types and
 * the records their data holds. product-service reserves stock on {@link OrderPlaced} and gives it
 * back on {@link OrderCancelled}.
 */
public final class OrderEvents {

    public static final String TOPIC = "orders";
    public static final String PLACED = "dev.octet.order.placed";
    public static final String CANCELLED = "dev.octet.order.cancelled";
    public static final String CONFIRMED = "dev.octet.order.confirmed";
    public static final String REJECTED = "dev.octet.order.rejected";

    private OrderEvents() {
    }

    /** One line of an order: how many units of which product. */
    public record Line(UUID productId, int quantity) {
    }

    public record OrderPlaced(UUID orderId, UUID customerId, List<Line> items) {
    }

    public record OrderCancelled(UUID orderId, UUID customerId) {
    }

    public record OrderConfirmed(UUID orderId, UUID customerId, BigDecimal total) {
    }

    public record OrderRejected(UUID orderId, UUID customerId, String reason) {
    }
}
