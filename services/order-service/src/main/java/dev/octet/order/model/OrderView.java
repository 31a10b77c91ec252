package dev.octet.order.model;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

public record OrderView(UUID id, UUID customerId, OrderStatus status, BigDecimal total, String rejectionReason,
                        List<Line> items, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public record Line(UUID productId, int quantity, BigDecimal unitPrice) {
    }

    public static OrderView of(OrderDetails details) {
        var order = details.order();
        List<Line> lines = details.lines().stream().map(l -> new Line(l.productId, l.quantity, l.unitPrice)).toList();
        return new OrderView(order.id, order.customerId, order.status, order.total, order.rejectionReason, lines,
                order.createdAt, order.updatedAt);
    }
}
