package dev.octet.metadata.service;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a step for each item, one after the other. A Hibernate Reactive session must never run two
 * operations at once, so loops over a session are sequential chains, never joins.
 */
final class Unis {

    private Unis() {
    }

    static <T> Uni<Void> forEach(List<T> items, Function<T, Uni<?>> step) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (T item : items) {
            chain = chain.flatMap(ignored -> step.apply(item)).replaceWithVoid();
        }
        return chain;
    }
}
