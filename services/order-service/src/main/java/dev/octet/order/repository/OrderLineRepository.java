package dev.octet.order.repository;

import dev.octet.order.model.OrderLine;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OrderLineRepository implements PanacheRepositoryBase<OrderLine, OrderLine.Key> {

    public Uni<List<OrderLine>> of(UUID customerId, Collection<UUID> orderIds) {
        return list("customerId = ?1 and orderId in ?2 order by orderId, lineNo", customerId, orderIds);
    }
}
