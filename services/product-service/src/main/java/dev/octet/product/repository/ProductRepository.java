package dev.octet.product.repository;

import dev.octet.product.model.Product;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ProductRepository implements PanacheRepositoryBase<Product, UUID> {

    /** Products whose name contains {@code text} (any case) and/or in {@code category}; null means any. */
    public PanacheQuery<Product> search(String text, String category) {
        List<String> conditions = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (text != null) {
            conditions.add("lower(name) like :text");
            parameters.and("text", "%" + escapeLike(text.toLowerCase()) + "%");
        }
        if (category != null) {
            conditions.add("category = :category");
            parameters.and("category", category);
        }
        Sort order = Sort.by("name").and("id");
        return conditions.isEmpty() ? findAll(order) : find(String.join(" and ", conditions), order, parameters);
    }

    /**
     * Locks the products in id order (so two orders over the same products cannot deadlock) and
     * returns them; whoever holds the lock decides the stock alone until commit.
     */
    public Uni<List<Product>> lockForUpdate(Collection<UUID> ids) {
        return find("id in ?1 order by id", ids).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    public Uni<Boolean> existsBySku(String sku) {
        return count("sku", sku).map(count -> count > 0);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
