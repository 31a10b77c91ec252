package dev.octet.product.messaging;

import java.util.List;
import java.util.UUID;

/** The order events this service reacts to, as order-service publishes them on topic "orders". */
public final class OrderEvents {

    public static final String PLACED = "dev.octet.order.placed";
    public static final String CANCELLED = "dev.octet.order.cancelled";

    private OrderEvents() {
    }

    public record Line(UUID productId, int quantity) {
    }

    public record OrderPlaced(UUID orderId, UUID customerId, List<Line> items) {
    }

    public record OrderCancelled(UUID orderId, UUID customerId) {
    }
}
