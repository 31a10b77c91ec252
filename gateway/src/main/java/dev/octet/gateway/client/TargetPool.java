package dev.octet.gateway.client;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replicas of one route and the choice among them: round robin over the targets whose breaker is
 * not open, preferring, on a retry, a target this request has not tried yet.
 */
public final class TargetPool {

    private final List<UpstreamTarget> targets;
    private final AtomicInteger next = new AtomicInteger();

    TargetPool(List<UpstreamTarget> targets) {
        this.targets = List.copyOf(targets);
    }

    public List<UpstreamTarget> targets() {
        return targets;
    }

    /**
     * The target for the next attempt, or empty if every target is open or {@code refused}.
     *
     * @param tried   targets this request already went to (used again only if nothing else is left)
     * @param refused targets whose breaker turned this request away just now (never used again for it)
     */
    Optional<UpstreamTarget> pick(Set<UpstreamTarget> tried, Set<UpstreamTarget> refused) {
        int start = Math.floorMod(next.getAndIncrement(), targets.size());
        UpstreamTarget fallback = null;
        for (int i = 0; i < targets.size(); i++) {
            UpstreamTarget target = targets.get((start + i) % targets.size());
            if (refused.contains(target) || !target.acceptsCalls()) {
                continue;
            }
            if (!tried.contains(target)) {
                return Optional.of(target);
            }
            if (fallback == null) {
                fallback = target;
            }
        }
        return Optional.ofNullable(fallback);
    }
}
