package dev.octet.gateway.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the wait after the n-th failed attempt is initial × 2^(n-1), capped
 * at max, then drawn at random between half of it and all of it, so retries from many requests spread out.
 */
public record Backoff(Duration initial, Duration max) {

    public long delayMillis(int failedAttempts) {
        return delayMillis(failedAttempts, ThreadLocalRandom.current().nextDouble());
    }

    /** As {@link #delayMillis(int)}, with the random draw ({@code 0 <= random < 1}) given. */
    long delayMillis(int failedAttempts, double random) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
        long ceiling = Math.min(max.toMillis(), initial.toMillis() << doublings);
        long half = ceiling / 2;
        return half + (long) (random * (ceiling - half + 1));
    }
}
