package dev.octet.product.messaging;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** What this service announces on topic "products", keyed by order id, for the order saga. */
public final class StockEvents {

    public static final String TOPIC = "products";
    public static final String RESERVED = "dev.octet.stock.reserved";
    public static final String REJECTED = "dev.octet.stock.rejected";
    public static final String RELEASED = "dev.octet.stock.released";

    private StockEvents() {
    }

    public record ReservedLine(UUID productId, int quantity, BigDecimal unitPrice) {
    }

    public record StockReserved(UUID orderId, UUID customerId, List<ReservedLine> lines, BigDecimal total) {
    }

    public record StockRejected(UUID orderId, UUID customerId, String reason) {
    }

    public record StockReleased(UUID orderId, UUID customerId, List<ReservedLine> lines) {
    }
}
