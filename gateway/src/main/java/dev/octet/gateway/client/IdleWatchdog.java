package dev.octet.gateway.client;

import io.vertx.core.Vertx;

/**
 * An idle timeout for one upstream call: it fires only when no byte has moved, in either direction,
 * for the whole period. A long upload or download that keeps moving never trips it, unlike a total
 * timeout. One timer per call, re-armed for the remaining time when activity was seen meanwhile.
 */
final class IdleWatchdog {

    private final Vertx vertx;
    private final long timeoutMillis;
    private final Runnable onIdle;
    private volatile long lastActivityNanos;
    private volatile boolean stopped;
    private volatile boolean fired;
    private long timerId = -1;

    IdleWatchdog(Vertx vertx, long timeoutMillis, Runnable onIdle) {
        this.vertx = vertx;
        this.timeoutMillis = timeoutMillis;
        this.onIdle = onIdle;
    }

    synchronized void start() {
        lastActivityNanos = System.nanoTime();
        timerId = vertx.setTimer(timeoutMillis, id -> check());
    }

    /** Bytes moved: the idle period starts again. */
    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    synchronized void stop() {
        stopped = true;
        if (timerId != -1) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    boolean fired() {
        return fired;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    private void check() {
        synchronized (this) {
            timerId = -1;
            if (stopped) {
                return;
            }
            long idleMillis = (System.nanoTime() - lastActivityNanos) / 1_000_000;
            if (idleMillis < timeoutMillis) {
                timerId = vertx.setTimer(Math.max(1, timeoutMillis - idleMillis), id -> check());
                return;
            }
            fired = true;
            stopped = true;
        }
        onIdle.run();
    }
}
