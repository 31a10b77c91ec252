package dev.octet.product.service;

import dev.octet.platform.events.DomainEvent;
import dev.octet.platform.events.Outbox;
import dev.octet.product.model.Product;
import dev.octet.product.model.StockReservation;
import dev.octet.product.repository.ProductRepository;
import dev.octet.product.repository.ReservationRepository;
import dev.octet.shop.events.v1.OrderEvents.Line;
import dev.octet.shop.events.v1.OrderEvents.OrderCancelled;
import dev.octet.shop.events.v1.OrderEvents.OrderPlaced;
import dev.octet.shop.events.v1.StockEvents;
import dev.octet.shop.events.v1.StockEvents.ReservedLine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stock side of the order saga. Reserving takes row locks on every product of the order, checks
 * them all, then either takes all the units or none and says which: two orders for the last unit
 * serialise on its lock, and the second sees it gone. Call inside a transaction.
 */
@ApplicationScoped
public class StockService {

    private final ProductRepository products;
    private final ReservationRepository reservations;
    private final Outbox outbox;

    public StockService(ProductRepository products, ReservationRepository reservations, Outbox outbox) {
        this.products = products;
        this.reservations = reservations;
        this.outbox = outbox;
    }

    public Uni<Void> reserve(OrderPlaced order) {
        Map<UUID, Integer> wanted = unitsPerProduct(order.items());
        if (wanted.isEmpty() || wanted.values().stream().anyMatch(units -> units <= 0)) {
            return reject(order, "The order has no items or a quantity below 1.");
        }
        return products.lockForUpdate(wanted.keySet()).flatMap(locked -> reservations.existFor(order.orderId())
                .flatMap(alreadyReserved -> {
                    if (alreadyReserved) {
                        // The order was decided before, under another event id: say nothing new.
                        return Uni.createFrom().voidItem();
                    }
                    Map<UUID, Product> byId = locked.stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
                    String shortage = findShortage(wanted, byId);
                    return shortage != null ? reject(order, shortage) : take(order, wanted, byId);
                }));
    }

    public Uni<Void> release(OrderCancelled cancellation) {
        return reservations.heldFor(cancellation.orderId()).flatMap(held -> {
            if (held.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<UUID> ids = held.stream().map(r -> r.productId).toList();
            return products.lockForUpdate(ids).flatMap(locked -> {
                Map<UUID, Product> byId = locked.stream().collect(Collectors.toMap(p -> p.id, Function.identity()));
                List<ReservedLine> lines = new ArrayList<>();
                OffsetDateTime now = OffsetDateTime.now();
                for (StockReservation reservation : held) {
                    Product product = byId.get(reservation.productId);
                    product.stock += reservation.quantity;
                    product.updatedAt = now;
                    reservation.status = StockReservation.Status.RELEASED;
                    lines.add(new ReservedLine(reservation.productId, reservation.quantity, reservation.unitPrice));
                }
                return outbox.append(DomainEvent.of(StockEvents.TOPIC, cancellation.orderId().toString(),
                        StockEvents.RELEASED,
                        new StockEvents.StockReleased(cancellation.orderId(), cancellation.customerId(), lines)));
            });
        });
    }

    private Uni<Void> take(OrderPlaced order, Map<UUID, Integer> wanted, Map<UUID, Product> byId) {
        OffsetDateTime now = OffsetDateTime.now();
        List<StockReservation> held = new ArrayList<>();
        List<ReservedLine> lines = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<UUID, Integer> entry : wanted.entrySet()) {
            Product product = byId.get(entry.getKey());
            int units = entry.getValue();
            product.stock -= units;
            product.updatedAt = now;
            StockReservation reservation = new StockReservation();
            reservation.orderId = order.orderId();
            reservation.productId = product.id;
            reservation.quantity = units;
            reservation.unitPrice = product.price;
            reservation.status = StockReservation.Status.RESERVED;
            reservation.createdAt = now;
            held.add(reservation);
            lines.add(new ReservedLine(product.id, units, product.price));
            total = total.add(product.price.multiply(BigDecimal.valueOf(units)));
        }
        StockEvents.StockReserved reserved = new StockEvents.StockReserved(order.orderId(), order.customerId(), lines, total);
        return reservations.persist(held)
                .flatMap(ignored -> outbox.append(DomainEvent.of(StockEvents.TOPIC, order.orderId().toString(),
                        StockEvents.RESERVED, reserved)));
    }

    private Uni<Void> reject(OrderPlaced order, String reason) {
        return outbox.append(DomainEvent.of(StockEvents.TOPIC, order.orderId().toString(), StockEvents.REJECTED,
                new StockEvents.StockRejected(order.orderId(), order.customerId(), reason)));
    }

    /** Sums the lines per product, in id order (the order locks are taken in). */
    private static Map<UUID, Integer> unitsPerProduct(List<Line> items) {
        Map<UUID, Integer> units = new TreeMap<>();
        if (items != null) {
            for (Line line : items) {
                units.merge(line.productId(), line.quantity(), Integer::sum);
            }
        }
        return units;
    }

    private static String findShortage(Map<UUID, Integer> wanted, Map<UUID, Product> byId) {
        for (Map.Entry<UUID, Integer> entry : wanted.entrySet()) {
            Product product = byId.get(entry.getKey());
            if (product == null) {
                return "Product " + entry.getKey() + " does not exist.";
            }
            if (product.stock < entry.getValue()) {
                return "Only " + product.stock + " of " + product.name + " (" + product.id + ") left; the order wants "
                        + entry.getValue() + ".";
            }
        }
        return null;
    }
}
