package dev.octet.order.repository;

import dev.octet.order.model.CustomerOrder;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<CustomerOrder, CustomerOrder.Key> {

    public Uni<CustomerOrder> find(UUID customerId, UUID orderId) {
        return findById(new CustomerOrder.Key(customerId, orderId));
    }

    public Uni<List<CustomerOrder>> pageOf(UUID customerId, int page, int size) {
        return find("customerId", Sort.by("createdAt", Sort.Direction.Descending).and("id"), customerId)
                .page(page, size).list();
    }

    public Uni<Long> countOf(UUID customerId) {
        return count("customerId", customerId);
    }
}
