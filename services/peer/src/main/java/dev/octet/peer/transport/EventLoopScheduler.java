package dev.octet.peer.transport;

import dev.octet.peer.runtime.Scheduler;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * A running peer's one thread: a Vert.x event-loop context. Timers set from it run on it, and so does
 * everything handed to {@link #execute}, so the protocols run on one thread without a lock.
 */
public final class EventLoopScheduler implements Scheduler {

    private final Vertx vertx;
    private final Context context;

    /**
     * A fresh event-loop context of {@code vertx} (on one of its event loops, taken round-robin): each peer in
     * a process gets its own, which {@code getOrCreateContext()} would not give a thread that asks twice.
     */
    public EventLoopScheduler(Vertx vertx) {
        this.vertx = vertx;
        this.context = ((VertxInternal) vertx).createEventLoopContext();
    }

    public Context context() {
        return context;
    }

    @Override
    public long now() {
        return System.nanoTime() / 1_000_000;
    }

    /** Must be called on the peer's thread (as every protocol timer is). */
    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        if (Vertx.currentContext() != context) {
            throw new IllegalStateException("a peer's timers are set on its own event loop");
        }
        long id = vertx.setTimer(Math.max(1, delayMillis), ignored -> task.run());
        return () -> vertx.cancelTimer(id);
    }

    @Override
    public void execute(Runnable task) {
        context.runOnContext(ignored -> task.run());
    }
}
