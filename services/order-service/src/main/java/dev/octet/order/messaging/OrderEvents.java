package dev.octet.order.messaging;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** What this service announces on topic "orders", keyed by order id. */
public final class OrderEvents {

    public static final String TOPIC = "orders";
    public static final String PLACED = "dev.octet.order.placed";
    public static final String CANCELLED = "dev.octet.order.cancelled";
    public static final String CONFIRMED = "dev.octet.order.confirmed";
    public static final String REJECTED = "dev.octet.order.rejected";

    private OrderEvents() {
    }

    public record Item(UUID productId, int quantity) {
    }

    public record OrderPlaced(UUID orderId, UUID customerId, List<Item> items) {
    }

    public record OrderCancelled(UUID orderId, UUID customerId) {
    }

    public record OrderConfirmed(UUID orderId, UUID customerId, BigDecimal total) {
    }

    public record OrderRejected(UUID orderId, UUID customerId, String reason) {
    }
}
