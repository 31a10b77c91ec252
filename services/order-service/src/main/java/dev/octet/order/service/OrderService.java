package dev.octet.order.service;

import dev.octet.order.model.CustomerOrder;
import dev.octet.order.model.OrderDetails;
import dev.octet.order.model.OrderLine;
import dev.octet.order.model.OrderStatus;
import dev.octet.order.model.PlaceOrderRequest;
import dev.octet.order.repository.OrderLineRepository;
import dev.octet.order.repository.OrderRepository;
import dev.octet.platform.events.DomainEvent;
import dev.octet.platform.events.Outbox;
import dev.octet.platform.web.Page;
import dev.octet.platform.web.PageRequest;
import dev.octet.platform.web.ProblemException;
import dev.octet.shop.events.v1.OrderEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.StaleStateException;

/** What customers do with their orders. Each change and the event announcing it commit together. */
@ApplicationScoped
public class OrderService {

    private final OrderRepository orders;
    private final OrderLineRepository lines;
    private final Outbox outbox;

    public OrderService(OrderRepository orders, OrderLineRepository lines, Outbox outbox) {
        this.orders = orders;
        this.lines = lines;
        this.outbox = outbox;
    }

    public Uni<OrderDetails> place(UUID customerId, PlaceOrderRequest request) {
        OffsetDateTime now = OffsetDateTime.now();
        CustomerOrder order = new CustomerOrder();
        order.customerId = customerId;
        order.id = UUID.randomUUID();
        order.status = OrderStatus.PENDING;
        order.createdAt = now;
        order.updatedAt = now;
        List<OrderLine> orderLines = new ArrayList<>();
        for (PlaceOrderRequest.Item item : request.items()) {
            OrderLine line = new OrderLine();
            line.customerId = customerId;
            line.orderId = order.id;
            line.lineNo = orderLines.size() + 1;
            line.productId = item.productId();
            line.quantity = item.quantity();
            orderLines.add(line);
        }
        List<OrderEvents.Line> items = orderLines.stream().map(l -> new OrderEvents.Line(l.productId, l.quantity)).toList();
        return Panache.withTransaction(() -> orders.persist(order)
                        .call(() -> lines.persist(orderLines))
                        .call(() -> announce(order, OrderEvents.PLACED, new OrderEvents.OrderPlaced(order.id, customerId, items))))
                .replaceWith(() -> new OrderDetails(order, orderLines));
    }

    public Uni<OrderDetails> get(UUID customerId, UUID orderId) {
        return Panache.withSession(() -> find(customerId, orderId)
                .flatMap(order -> lines.of(customerId, List.of(orderId)).map(found -> new OrderDetails(order, found))));
    }

    public Uni<Page<OrderDetails>> list(UUID customerId, PageRequest page) {
        return Panache.withSession(() -> orders.pageOf(customerId, page.page, page.size).flatMap(found -> {
            Uni<Map<UUID, List<OrderLine>>> linesByOrder = found.isEmpty()
                    ? Uni.createFrom().item(Map.of())
                    : lines.of(customerId, found.stream().map(o -> o.id).toList())
                            .map(all -> all.stream().collect(Collectors.groupingBy(l -> l.orderId)));
            return linesByOrder.flatMap(byOrder -> orders.countOf(customerId).map(total -> new Page<>(
                    found.stream().map(o -> new OrderDetails(o, byOrder.getOrDefault(o.id, List.of()))).toList(),
                    page.page, page.size, total)));
        }));
    }

    /** Cancels a pending or confirmed order; product-service then gives back any stock it held. */
    public Uni<OrderDetails> cancel(UUID customerId, UUID orderId) {
        return Panache.withTransaction(() -> find(customerId, orderId).flatMap(order -> {
                    if (order.status.isFinal()) {
                        throw ProblemException.conflict("order-final", "Order " + orderId + " is already "
                                + order.status + " and cannot be cancelled.");
                    }
                    order.status = OrderStatus.CANCELLED;
                    order.updatedAt = OffsetDateTime.now();
                    return announce(order, OrderEvents.CANCELLED, new OrderEvents.OrderCancelled(orderId, customerId))
                            .call(() -> Panache.getSession().flatMap(session -> session.flush()));
                }))
                .onFailure(OrderService::isConcurrentChange).transform(e -> ProblemException.conflict("order-changed",
                        "Order " + orderId + " changed while you cancelled it; read it again and retry."))
                .flatMap(ignored -> get(customerId, orderId));
    }

    private Uni<CustomerOrder> find(UUID customerId, UUID orderId) {
        // Another customer's order is reported as missing, not as forbidden: its existence is not theirs to know.
        return orders.find(customerId, orderId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("You have no order " + orderId + "."));
    }

    private Uni<Void> announce(CustomerOrder order, String type, Object data) {
        return outbox.append(DomainEvent.of(OrderEvents.TOPIC, order.id.toString(), type, data));
    }

    private static boolean isConcurrentChange(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }
}
