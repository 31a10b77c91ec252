package dev.octet.platform.background;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A reactive task run every {@code period} on a Vert.x timer, each run on a new duplicated context marked
 * safe, as a request would give it (what Hibernate Reactive's sessions need). A tick that comes while the
 * previous run is still under way is skipped, so runs never overlap. A Vert.x timer rather than the
 * scheduler, which cannot go below a second.
 */
public final class PeriodicTask {

    private final Vertx vertx;
    private final long timer;

    private PeriodicTask(Vertx vertx, Duration period, Supplier<Uni<?>> task, Consumer<Throwable> onFailure) {
        this.vertx = vertx;
        AtomicBoolean running = new AtomicBoolean();
        this.timer = vertx.setPeriodic(period.toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
                VertxContextSafetyToggle.setContextSafe(context, true);
                context.runOnContext(ignored -> task.get().subscribe().with(done -> running.set(false), failure -> {
                    running.set(false);
                    onFailure.accept(failure);
                }));
            }
        });
    }

    /** Starts running {@code task} every {@code period}; {@code onFailure} hears of each run that failed. */
    public static PeriodicTask every(Vertx vertx, Duration period, Supplier<Uni<?>> task, Consumer<Throwable> onFailure) {
        return new PeriodicTask(vertx, period, task, onFailure);
    }

    public void cancel() {
        vertx.cancelTimer(timer);
    }
}
