package dev.octet.order.model;

import java.util.List;

/** An order with its lines, in line order. */
public record OrderDetails(CustomerOrder order, List<OrderLine> lines) {
}
