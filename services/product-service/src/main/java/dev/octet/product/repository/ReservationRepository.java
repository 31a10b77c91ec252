package dev.octet.product.repository;

import dev.octet.product.model.StockReservation;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ReservationRepository implements PanacheRepositoryBase<StockReservation, StockReservation.Key> {

    public Uni<List<StockReservation>> heldFor(UUID orderId) {
        return list("orderId = ?1 and status = ?2", orderId, StockReservation.Status.RESERVED);
    }

    public Uni<Boolean> existFor(UUID orderId) {
        return count("orderId", orderId).map(count -> count > 0);
    }

    public Uni<Long> countHeldOf(UUID productId) {
        return count("productId = ?1 and status = ?2", productId, StockReservation.Status.RESERVED);
    }
}
