package dev.octet.router.backend;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorChooserFactory;
import java.util.IdentityHashMap;
import java.util.Map;

/** Gives every new client connection the event loop with the fewest connections, so the loops share the work. */
final class LeastBusyLoops implements EventExecutorChooserFactory {

    private final Map<EventExecutor, int[]> load = new IdentityHashMap<>();

    @Override
    public EventExecutorChooser newChooser(EventExecutor[] executors) {
        synchronized (load) {
            for (EventExecutor executor : executors) {
                load.put(executor, new int[1]);
            }
        }
        return () -> {
            synchronized (load) {
                EventExecutor best = executors[0];
                for (EventExecutor executor : executors) {
                    if (load.get(executor)[0] < load.get(best)[0]) {
                        best = executor;
                    }
                }
                load.get(best)[0]++;
                return best;
            }
        };
    }

    /** A client connection on {@code loop} closed. */
    void release(EventExecutor loop) {
        synchronized (load) {
            int[] count = load.get(loop);
            if (count != null && count[0] > 0) {
                count[0]--;
            }
        }
    }
}
