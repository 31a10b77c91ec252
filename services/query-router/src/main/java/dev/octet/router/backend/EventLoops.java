package dev.octet.router.backend;

import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The router's threads: a few event loops (one per core by default) that carry every client and
 * shard connection, and a pool of workers for what has to wait (logins, statements over several
 * shards, two-phase commit, COPY). A session lives on its client connection's loop and borrows shard
 * connections of that same loop, so a single-shard statement goes from client to shard and back on
 * one thread, without a hand-over.
 */
public final class EventLoops implements AutoCloseable {

    private static final ThreadLocal<Boolean> ON_LOOP = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private final EventLoopGroup group;
    private final List<EventLoop> loops = new ArrayList<>();
    private final AtomicInteger nextDedicated = new AtomicInteger();
    private final ExecutorService workers;
    private final LeastBusyLoops chooser = new LeastBusyLoops();

    public EventLoops(int count) {
        ThreadFactory named = new DefaultThreadFactory("pg-loop", true);
        ThreadFactory marked = task -> named.newThread(() -> {
            ON_LOOP.set(Boolean.TRUE);
            task.run();
        });
        group = new NioEventLoopGroup(count, new ThreadPerTaskExecutor(marked), chooser, SelectorProvider.provider(),
                DefaultSelectStrategyFactory.INSTANCE);
        for (EventExecutor executor : group) {
            loops.add((EventLoop) executor);
        }
        workers = Executors.newCachedThreadPool(new DefaultThreadFactory("pg-worker", true));
    }

    /** One loop per available core. */
    public static int defaultCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    public EventLoopGroup group() {
        return group;
    }

    /** A client connection closed on {@code loop}: new ones may go there. (Client connections get the least busy loop.) */
    public void clientClosed(EventLoop loop) {
        chooser.release(loop);
    }

    /** A loop for a connection that belongs to no session (health probes, recovery), in turn. */
    public EventLoop anyLoop() {
        return loops.get(Math.floorMod(nextDedicated.getAndIncrement(), loops.size()));
    }

    /** Runs work that may wait, off the event loops. */
    public ExecutorService workers() {
        return workers;
    }

    /** True on one of the router's event-loop threads, which must never wait. */
    public static boolean onLoop() {
        return ON_LOOP.get();
    }

    /** Throws {@link WouldBlock} on an event loop: the caller moves the work to a worker. */
    public static void mayBlock(String what) {
        if (onLoop()) {
            throw new WouldBlock(what);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownNow();
    }
}
