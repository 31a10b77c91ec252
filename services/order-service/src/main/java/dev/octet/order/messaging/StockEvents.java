package dev.octet.order.messaging;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** The stock events product-service publishes on topic "products" for the order saga. */
public final class StockEvents {

    public static final String RESERVED = "dev.octet.stock.reserved";
    public static final String REJECTED = "dev.octet.stock.rejected";

    private StockEvents() {
    }

    public record ReservedLine(UUID productId, int quantity, BigDecimal unitPrice) {
    }

    public record StockReserved(UUID orderId, UUID customerId, List<ReservedLine> lines, BigDecimal total) {
    }

    public record StockRejected(UUID orderId, UUID customerId, String reason) {
    }
}
