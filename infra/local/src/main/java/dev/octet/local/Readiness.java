package dev.octet.local;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for a started process to become ready, failing early if it dies. */
public final class Readiness {

    private static final Duration POLL = Duration.ofMillis(200);

    private Readiness() {
    }

    public static void await(ManagedProcess process, String what, Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited before " + what + ". Last lines of "
                        + process.logFile() + ":\n" + process.tail(30));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(process.name() + " did not reach " + what + " within "
                        + timeout.toSeconds() + "s. Last lines of " + process.logFile() + ":\n" + process.tail(30));
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting", e);
        }
    }
}
