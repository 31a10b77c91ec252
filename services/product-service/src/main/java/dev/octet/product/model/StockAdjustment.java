package dev.octet.product.model;

import jakarta.validation.constraints.NotNull;

/** Units to add to (positive) or remove from (negative) the free stock of a product. */
public record StockAdjustment(@NotNull Integer delta) {
}
