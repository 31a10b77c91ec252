package dev.octet.product.service;

import dev.octet.platform.web.DatabaseErrors;
import dev.octet.platform.web.Page;
import dev.octet.platform.web.PageRequest;
import dev.octet.platform.web.ProblemException;
import dev.octet.product.model.Product;
import dev.octet.product.model.ProductRequest;
import dev.octet.product.repository.ProductRepository;
import dev.octet.product.repository.ReservationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class CatalogService {

    private final ProductRepository products;
    private final ReservationRepository reservations;

    public CatalogService(ProductRepository products, ReservationRepository reservations) {
        this.products = products;
        this.reservations = reservations;
    }

    public Uni<Product> create(ProductRequest request) {
        return Panache.withTransaction(() -> products.existsBySku(request.sku()).flatMap(taken -> {
                    if (taken) {
                        throw skuTaken(request.sku());
                    }
                    Product product = new Product();
                    product.id = UUID.randomUUID();
                    product.createdAt = OffsetDateTime.now();
                    apply(request, product);
                    product.stock = request.stock();
                    return products.persistAndFlush(product);
                }))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(e -> skuTaken(request.sku()));
    }

    public Uni<Product> get(UUID id) {
        return Panache.withSession(() -> products.findById(id)).onItem().ifNull().failWith(() -> notFound(id));
    }

    public Uni<Page<Product>> search(String text, String category, PageRequest page) {
        return Panache.withSession(() -> {
            PanacheQuery<Product> query = products.search(blankToNull(text), blankToNull(category));
            Uni<List<Product>> items = query.page(page.page, page.size).list();
            return items.flatMap(list -> query.count().map(total -> new Page<>(list, page.page, page.size, total)));
        });
    }

    /** Replaces the catalog fields and sets the free stock to the given level. */
    public Uni<Product> replace(UUID id, ProductRequest request) {
        return Panache.withTransaction(() -> products.findById(id)
                        .onItem().ifNull().failWith(() -> notFound(id))
                        .map(product -> {
                            apply(request, product);
                            product.stock = request.stock();
                            return product;
                        })
                        .call(products::flush))
                .onFailure(DatabaseErrors::isUniqueViolation).transform(e -> skuTaken(request.sku()));
    }

    /** Adds or removes free units; refuses to take the stock below zero. */
    public Uni<Product> adjustStock(UUID id, int delta) {
        return Panache.withTransaction(() -> products.lockForUpdate(List.of(id)).map(locked -> {
            if (locked.isEmpty()) {
                throw notFound(id);
            }
            Product product = locked.get(0);
            if (product.stock + delta < 0) {
                throw ProblemException.conflict("insufficient-stock", "Only " + product.stock + " units are free; cannot remove "
                        + (-delta) + ".");
            }
            product.stock += delta;
            product.updatedAt = OffsetDateTime.now();
            return product;
        }));
    }

    /** Deletes a product that no open order holds stock of. */
    public Uni<Void> delete(UUID id) {
        return Panache.withTransaction(() -> reservations.countHeldOf(id).flatMap(held -> {
            if (held > 0) {
                throw ProblemException.conflict("product-reserved", "Product " + id + " has stock reserved by "
                        + held + " open order(s); cancel them first.");
            }
            return products.deleteById(id);
        })).map(deleted -> {
            if (!deleted) {
                throw notFound(id);
            }
            return null;
        });
    }

    private static void apply(ProductRequest request, Product product) {
        product.sku = request.sku();
        product.name = request.name().strip();
        product.description = request.description();
        product.category = request.category().strip();
        product.price = request.price();
        product.updatedAt = OffsetDateTime.now();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("There is no product " + id + ".");
    }

    private static ProblemException skuTaken(String sku) {
        return ProblemException.conflict("sku-taken", "A product with SKU " + sku + " already exists.");
    }
}
