package dev.octet.router.client;

import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.SqlState;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections to one shard. A session borrows a connection for a transaction (or a single
 * statement) and gives it back; a connection that is broken or not idle is closed instead.
 *
 * <p>When a connection attempt fails, the shard is marked down and, for a short back-off, borrowers
 * fail at once instead of each waiting for a connect timeout: a dead shard answers quickly.
 */
public final class ShardPool implements AutoCloseable {

    private static final Duration DOWN_BACKOFF = Duration.ofSeconds(1);

    private final ShardAddress address;
    private final String user;
    private final String password;
    private final Duration connectTimeout;
    private final Duration acquireTimeout;
    private final int maxSize;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<ShardConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger open = new AtomicInteger();
    private volatile Instant downSince;
    private volatile String lastError;

    public ShardPool(ShardAddress address, String user, String password, int maxSize, Duration connectTimeout,
                     Duration acquireTimeout) {
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

    public ShardConnection acquire() {
        Instant down = downSince;
        if (down != null && Instant.now().isBefore(down.plus(DOWN_BACKOFF))) {
            throw new ShardUnavailableException(address, lastError);
        }
        try {
            if (!permits.tryAcquire(acquireTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new PgException(SqlState.TOO_MANY_CONNECTIONS, "all " + maxSize + " connections to " + address
                        + " are busy (waited " + acquireTimeout.toMillis() + " ms)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgException(SqlState.QUERY_CANCELED, "interrupted while waiting for a connection to " + address);
        }
        ShardConnection connection = idle.pollFirst();
        if (connection != null) {
            return connection;
        }
        try {
            connection = ShardConnection.open(address, user, password, connectTimeout);
            open.incrementAndGet();
            downSince = null;
            return connection;
        } catch (RuntimeException e) {
            permits.release();
            if (e instanceof ShardUnavailableException) {
                lastError = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
                downSince = Instant.now();
            }
            throw e;
        }
    }

    /** Returns a connection: kept if idle and healthy, closed otherwise. */
    public void release(ShardConnection connection) {
        if (connection.isBroken() || connection.transactionStatus() != 'I') {
            discard(connection);
            return;
        }
        idle.addFirst(connection);
        permits.release();
    }

    public void discard(ShardConnection connection) {
        connection.close();
        open.decrementAndGet();
        permits.release();
    }

    /** Tries a fresh connection now; updates and returns the shard's health. */
    public boolean probe() {
        try (ShardConnection connection = ShardConnection.open(address, user, password, connectTimeout)) {
            connection.simpleQuery("select 1");
            downSince = null;
            lastError = null;
            return true;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            downSince = Instant.now();
            idle.forEach(ShardConnection::markBroken);
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
        return idle.size();
    }

    public int maxSize() {
        return maxSize;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** A connection outside the pool, for administrative work that must not hold a pooled one. */
    public ShardConnection openDedicated() {
        return ShardConnection.open(address, user, password, connectTimeout);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() {
        ShardConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }
}
