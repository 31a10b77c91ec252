package dev.octet.order.service;

import dev.octet.order.model.CustomerOrder;
import dev.octet.order.model.OrderLine;
import dev.octet.order.model.OrderStatus;
import dev.octet.order.repository.OrderLineRepository;
import dev.octet.order.repository.OrderRepository;
import dev.octet.platform.events.DomainEvent;
import dev.octet.platform.events.Outbox;
import dev.octet.shop.events.v1.OrderEvents;
import dev.octet.shop.events.v1.StockEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The order side of the stock saga: a pending order becomes CONFIRMED or REJECTED by product-service's
 * answer. An answer about an order that is no longer pending (the customer cancelled meanwhile) changes
 * nothing: the cancellation already asked product-service to give the stock back. Call in a transaction.
 */
@ApplicationScoped
public class SagaService {

    private static final Logger LOG = Logger.getLogger(SagaService.class);

    private final OrderRepository orders;
    private final OrderLineRepository lines;
    private final Outbox outbox;

    public SagaService(OrderRepository orders, OrderLineRepository lines, Outbox outbox) {
        this.orders = orders;
        this.lines = lines;
        this.outbox = outbox;
    }

    public Uni<Void> stockReserved(StockEvents.StockReserved reserved) {
        return pending(reserved.customerId(), reserved.orderId()).flatMap(order -> {
            if (order == null) {
                return Uni.createFrom().voidItem();
            }
            Map<UUID, BigDecimal> prices = reserved.lines().stream()
                    .collect(Collectors.toMap(StockEvents.ReservedLine::productId, StockEvents.ReservedLine::unitPrice,
                            (first, second) -> first));
            return lines.of(order.customerId, List.of(order.id)).flatMap(orderLines -> {
                for (OrderLine line : orderLines) {
                    line.unitPrice = prices.get(line.productId);
                }
                order.status = OrderStatus.CONFIRMED;
                order.total = reserved.total();
                order.updatedAt = OffsetDateTime.now();
                return announce(order, OrderEvents.CONFIRMED,
                        new OrderEvents.OrderConfirmed(order.id, order.customerId, order.total));
            });
        });
    }

    public Uni<Void> stockRejected(StockEvents.StockRejected rejected) {
        return pending(rejected.customerId(), rejected.orderId()).flatMap(order -> {
            if (order == null) {
                return Uni.createFrom().voidItem();
            }
            order.status = OrderStatus.REJECTED;
            order.rejectionReason = truncate(rejected.reason(), 500);
            order.updatedAt = OffsetDateTime.now();
            return announce(order, OrderEvents.REJECTED,
                    new OrderEvents.OrderRejected(order.id, order.customerId, order.rejectionReason));
        });
    }

    /** The order if it still waits for stock; null (logged) if it is unknown or already decided. */
    private Uni<CustomerOrder> pending(UUID customerId, UUID orderId) {
        return orders.find(customerId, orderId).map(order -> {
            if (order == null) {
                LOG.warnf("Stock answer for unknown order %s of customer %s; ignored", orderId, customerId);
                return null;
            }
            if (order.status != OrderStatus.PENDING) {
                LOG.debugf("Stock answer for order %s, which is already %s; ignored", orderId, order.status);
                return null;
            }
            return order;
        });
    }

    private Uni<Void> announce(CustomerOrder order, String type, Object data) {
        return outbox.append(DomainEvent.of(OrderEvents.TOPIC, order.id.toString(), type, data));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
