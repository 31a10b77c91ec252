package dev.octet.product.model;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.UUID;

public record ProductView(UUID id, String sku, String name, String description, String category, BigDecimal price,
                          int stock, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static ProductView of(Product p) {
        return new ProductView(p.id, p.sku, p.name, p.description, p.category, p.price, p.stock, p.createdAt, p.updatedAt);
    }
}
