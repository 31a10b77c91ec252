package dev.octet.peer.membership;

import dev.octet.peer.model.Key;
import dev.octet.peer.runtime.Scheduler;
import java.util.HashSet;
import java.util.Set;

/**
 * Lifeguard's dynamic suspicion timeout: a suspicion starts at its longest and shortens, logarithmically,
 * with each independent confirmation (a suspect message from another member), down to the least timeout
 * once {@code expected} have confirmed. A member that is truly dead is declared so quickly; a member that
 * only one slow peer suspects has the longest time to refute.
 */
final class Suspicion {

    private final Scheduler scheduler;
    private final long started;
    private final long min;
    private final long max;
    private final int expected;
    private final Runnable timeout;
    private final Set<Key> confirmations = new HashSet<>();
    private Scheduler.Timer timer;

    Suspicion(Scheduler scheduler, Key from, long min, long max, int expected, Runnable timeout) {
        this.scheduler = scheduler;
        this.started = scheduler.now();
        this.min = min;
        this.max = max;
        this.expected = expected;
        this.timeout = timeout;
        confirmations.add(from);
        timer = scheduler.schedule(remaining(), this::fire);
    }

    /** The timeout after {@code confirmations} independent confirmations (Lifeguard, section 4.2). */
    static long timeout(long min, long max, int expected, int confirmations) {
        if (expected < 1) {
            return min;
        }
        double fraction = Math.log(confirmations + 1.0) / Math.log(expected + 1.0);
        return Math.max(min, (long) Math.floor(max - fraction * (max - min)));
    }

    /** Counts a confirmation from {@code from}; true if it was a new one (and so worth spreading). */
    boolean confirm(Key from) {
        if (confirmations.size() - 1 >= expected || !confirmations.add(from)) {
            return false;
        }
        timer.cancel();
        timer = scheduler.schedule(Math.max(0, remaining()), this::fire);
        return true;
    }

    private long remaining() {
        return started + timeout(min, max, expected, confirmations.size() - 1) - scheduler.now();
    }

    private void fire() {
        timeout.run();
    }

    void cancel() {
        timer.cancel();
    }
}
