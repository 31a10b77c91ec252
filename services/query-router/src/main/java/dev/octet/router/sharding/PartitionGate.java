package dev.octet.router.sharding;

import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.SqlState;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Lets a partition move pause the writes to one virtual partition, wait for the transactions that
 * already wrote to it, and cut over while no statement reads sharded data. When no move runs, a
 * statement pays for one uncontended read lock and one registration per written partition.
 */
public final class PartitionGate {

    /** What one client transaction holds: the partitions it wrote, or every partition (a fan-out write). */
    public static final class Holder {
        private final Set<Integer> partitions = ConcurrentHashMap.newKeySet();
        private volatile boolean all;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ReentrantReadWriteLock cutover = new ReentrantReadWriteLock();
    private final Set<Holder> holders = ConcurrentHashMap.newKeySet();
    private final Duration writeWait;
    private volatile boolean moveActive;
    private volatile int pausedPartition = -1;

    public PartitionGate(Duration writeWait) {
        this.writeWait = writeWait;
    }

    public boolean isMoveActive() {
        return moveActive;
    }

    /**
     * Records that {@code holder}'s transaction writes {@code partition} (-1: any partition), waiting
     * while that partition is paused. The writer registers before it looks at the pause and the
     * mover pauses before it looks at the writers, so one of them always sees the other.
     */
    public void enterWrite(Holder holder, int partition) {
        if (holds(holder, partition)) {
            return;
        }
        long deadline = System.nanoTime() + writeWait.toNanos();
        while (true) {
            register(holder, partition);
            if (!isPaused(partition)) {
                return;
            }
            unregister(holder, partition);
            awaitChange(deadline);
        }
    }

    /** As {@link #enterWrite}, but false (registering nothing) instead of waiting while the partition is paused. */
    public boolean tryEnterWrite(Holder holder, int partition) {
        if (holds(holder, partition)) {
            return true;
        }
        register(holder, partition);
        if (!isPaused(partition)) {
            return true;
        }
        unregister(holder, partition);
        return false;
    }

    private void register(Holder holder, int partition) {
        if (partition < 0) {
            holder.all = true;
        } else {
            holder.partitions.add(partition);
        }
        holders.add(holder);
    }

    private void unregister(Holder holder, int partition) {
        if (partition < 0) {
            holder.all = false;
        } else {
            holder.partitions.remove(partition);
        }
        signal();
    }

    private void awaitChange(long deadline) {
        lock.lock();
        try {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new PgException(SqlState.LOCK_NOT_AVAILABLE, "virtual partition " + pausedPartition
                        + " is being moved to another shard; writes to it are paused, try again");
            }
            changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgException(SqlState.QUERY_CANCELED, "interrupted while waiting for a partition move");
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        if (!moveActive) {
            return;
        }
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean isPaused(int partition) {
        int paused = pausedPartition;
        return paused >= 0 && (partition < 0 || partition == paused);
    }

    private static boolean holds(Holder holder, int partition) {
        return holder.all || (partition >= 0 && holder.partitions.contains(partition));
    }

    /** The transaction ended. */
    public void release(Holder holder) {
        if (holder.partitions.isEmpty() && !holder.all) {
            return;
        }
        holder.partitions.clear();
        holder.all = false;
        holders.remove(holder);
        signal();
    }

    /** Held while a statement reads or writes sharded data during a move; the cut-over excludes it. */
    public Runnable enterStatement() {
        cutover.readLock().lock();
        return cutover.readLock()::unlock;
    }

    /** As {@link #enterStatement}, but null instead of waiting while a cut-over runs. */
    public Runnable tryEnterStatement() {
        return cutover.readLock().tryLock() ? cutover.readLock()::unlock : null;
    }

    public void startMove() {
        moveActive = true;
    }

    /** Pauses new writes to {@code partition} and waits until no transaction holds writes to it. */
    public void pauseAndDrain(int partition, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            pausedPartition = partition;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (holders.stream().anyMatch(h -> holds(h, partition))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    pausedPartition = -1;
                    changed.signalAll();
                    throw new IllegalStateException("transactions writing to partition " + partition
                            + " did not finish within " + timeout.toSeconds() + "s");
                }
                changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code action} while no statement touches sharded data. */
    public void exclusively(Runnable action) {
        cutover.writeLock().lock();
        try {
            action.run();
        } finally {
            cutover.writeLock().unlock();
        }
    }

    public void endMove() {
        lock.lock();
        try {
            pausedPartition = -1;
            moveActive = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
