package dev.octet.metadata.rest;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps test chunk servers alive the way real ones stay alive: by heartbeating in the background, so
 * a slow step of a test on a busy machine does not let them be marked dead. The replies' orders are
 * dropped, so tests that wait for an order heartbeat by hand instead.
 */
final class Heartbeater implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 250;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private Heartbeater(List<String> serverIds) {
        MetadataApi.heartbeats(serverIds.toArray(String[]::new));
        timer.scheduleWithFixedDelay(() -> serverIds.forEach(id -> MetadataApi.heartbeat(id, List.of())),
                INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Registers the servers (the first heartbeat, before returning) and heartbeats them until closed. */
    static Heartbeater start(List<String> serverIds) {
        return new Heartbeater(serverIds);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
