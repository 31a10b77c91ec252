package dev.octet.order.model;

/**
 * PENDING until product-service answers; then CONFIRMED (stock held) or REJECTED. A pending or
 * confirmed order can be CANCELLED. REJECTED and CANCELLED are final.
 */
public enum OrderStatus {
    PENDING, CONFIRMED, REJECTED, CANCELLED;

    public boolean isFinal() {
        return this == REJECTED || this == CANCELLED;
    }
}
