package dev.octet.order.service;

import dev.octet.order.model.CustomerOrder;
import dev.octet.order.model.OrderLine;
import java.util.List;

/** An order with its lines, in line order. */
public record OrderDetails(CustomerOrder order, List<OrderLine> lines) {
}
