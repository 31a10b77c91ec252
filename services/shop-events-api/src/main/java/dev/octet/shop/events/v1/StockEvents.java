package dev.octet.shop.events.v1;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * What product-service announces on topic {@value #TOPIC}, keyed by order id, for the order saga:
 * the CloudEvent types and the records their data holds. order-service confirms an order on
 * {@link StockReserved} and rejects it on {@link StockRejected}.
 */
public final class StockEvents {

    public static final String TOPIC = "products";
    public static final String RESERVED = "dev.octet.stock.reserved";
    public static final String REJECTED = "dev.octet.stock.rejected";
    public static final String RELEASED = "dev.octet.stock.released";

    private StockEvents() {
    }

    /** Units of a product held for an order, at the price they were reserved at. */
    public record ReservedLine(UUID productId, int quantity, BigDecimal unitPrice) {
    }

    public record StockReserved(UUID orderId, UUID customerId, List<ReservedLine> lines, BigDecimal total) {
    }

    public record StockRejected(UUID orderId, UUID customerId, String reason) {
    }

    public record StockReleased(UUID orderId, UUID customerId, List<ReservedLine> lines) {
    }
}
