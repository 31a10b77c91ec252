package dev.octet.router.backend;

import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.SqlState;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections to one shard. A session borrows a connection for a transaction (or a single
 * statement) and gives it back; a connection that is broken or not idle is closed instead. Idle
 * connections are kept per event loop, so a session finds one on its own loop; the size limit holds
 * for all loops together.
 *
 * <p>When a connection attempt fails, the shard is marked down and, for a short back-off, borrowers
 * fail at once instead of each waiting for a connect timeout: a dead shard answers quickly.
 */
public final class ShardPool implements AutoCloseable {

    private static final Duration DOWN_BACKOFF = Duration.ofSeconds(1);

    private final ShardConnector connector;
    private final ShardAddress address;
    private final String user;
    private final String password;
    private final Duration connectTimeout;
    private final Duration acquireTimeout;
    private final int maxSize;
    private final Semaphore permits;
    private final Map<EventLoop, Deque<ShardConnection>> idle = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile Instant downSince;
    private volatile String lastError;

    public ShardPool(ShardConnector connector, ShardAddress address, String user, String password, int maxSize,
                     Duration connectTimeout, Duration acquireTimeout) {
        this.connector = connector;
        this.address = address;
        this.user = user;
        this.password = password;
        this.maxSize = maxSize;
        this.connectTimeout = connectTimeout;
        this.acquireTimeout = acquireTimeout;
        this.permits = new Semaphore(maxSize, true);
    }

    public ShardAddress address() {
        return address;
    }

    /**
     * A connection, preferably one living on {@code home} (null: any loop); waits for a free one or
     * opens a new one, so never on an event loop.
     */
    public ShardConnection acquire(EventLoop home) {
        failFastIfDown();
        EventLoops.mayBlock("borrowing a connection to " + address);
        try {
            if (!permits.tryAcquire(acquireTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new PgException(SqlState.TOO_MANY_CONNECTIONS, "all " + maxSize + " connections to " + address
                        + " are busy (waited " + acquireTimeout.toMillis() + " ms)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgException(SqlState.QUERY_CANCELED, "interrupted while waiting for a connection to " + address);
        }
        EventLoop loop = home != null ? home : connector.loops().anyLoop();
        ShardConnection connection = pollHealthy(idleOn(loop));
        if (connection != null) {
            return connection;
        }
        while (true) {
            int count = open.get();
            if (count < maxSize) {
                if (open.compareAndSet(count, count + 1)) {
                    return openNew(loop);
                }
                continue;
            }
            // Every connection is open: with our permit, one of them is idle on another loop.
            for (Deque<ShardConnection> other : idle.values()) {
                connection = pollHealthy(other);
                if (connection != null) {
                    return connection;
                }
            }
            Thread.onSpinWait();
        }
    }

    /** An idle connection on {@code home} if one is free right now, else null; never waits. */
    public ShardConnection tryAcquire(EventLoop home) {
        failFastIfDown();
        if (!permits.tryAcquire()) {
            return null;
        }
        ShardConnection connection = pollHealthy(idleOn(home));
        if (connection == null) {
            permits.release();
        }
        return connection;
    }

    /**
     * The first idle connection that is still sound; one the shard closed or spoke on meanwhile (a
     * restart, an administrator's terminate) is closed. The caller's permit stays taken.
     */
    private ShardConnection pollHealthy(Deque<ShardConnection> connections) {
        ShardConnection connection;
        while ((connection = connections.pollFirst()) != null) {
            if (!connection.isBroken()) {
                return connection;
            }
            connection.close();
            open.decrementAndGet();
        }
        return null;
    }

    private void failFastIfDown() {
        Instant down = downSince;
        if (down != null && Instant.now().isBefore(down.plus(DOWN_BACKOFF))) {
            throw new ShardUnavailableException(address, lastError);
        }
    }

    private ShardConnection openNew(EventLoop loop) {
        try {
            ShardConnection connection = ShardConnection.open(connector, address, user, password, connectTimeout, loop);
            downSince = null;
            return connection;
        } catch (RuntimeException e) {
            open.decrementAndGet();
            permits.release();
            if (e instanceof ShardUnavailableException) {
                lastError = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
                downSince = Instant.now();
            }
            throw e;
        }
    }

    private Deque<ShardConnection> idleOn(EventLoop loop) {
        return idle.computeIfAbsent(loop, l -> new ConcurrentLinkedDeque<>());
    }

    /** Returns a connection: kept if idle and healthy, closed otherwise. */
    public void release(ShardConnection connection) {
        connection.forgetCancel();
        if (connection.isBroken() || connection.transactionStatus() != 'I') {
            discard(connection);
            return;
        }
        idleOn(connection.loop()).addFirst(connection);
        permits.release();
    }

    public void discard(ShardConnection connection) {
        connection.close();
        open.decrementAndGet();
        permits.release();
    }

    /** Tries a fresh connection now; updates and returns the shard's health. */
    public boolean probe() {
        try (ShardConnection connection = openDedicated()) {
            connection.simpleQuery("select 1");
            downSince = null;
            lastError = null;
            return true;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            downSince = Instant.now();
            idle.values().forEach(connections -> connections.forEach(ShardConnection::markBroken));
            return false;
        }
    }

    public boolean isHealthy() {
        return downSince == null;
    }

    public String lastError() {
        return lastError;
    }

    public int openConnections() {
        return open.get();
    }

    public int idleConnections() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }

    public int maxSize() {
        return maxSize;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** A connection outside the pool, for administrative work that must not hold a pooled one. */
    public ShardConnection openDedicated() {
        return ShardConnection.open(connector, address, user, password, connectTimeout, connector.loops().anyLoop());
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        for (Deque<ShardConnection> connections : idle.values()) {
            ShardConnection connection;
            while ((connection = connections.pollFirst()) != null) {
                connection.close();
            }
        }
    }
}
