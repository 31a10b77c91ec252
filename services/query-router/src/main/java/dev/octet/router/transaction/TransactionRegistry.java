package dev.octet.router.transaction;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The router's own map of its distributed transactions: every session's {@link ClientTransaction},
 * from which the shard backends it holds can be read at any time. The deadlock detector joins the
 * shards' lock waits through it, since no shard knows which of its backends belong together.
 */
public final class TransactionRegistry {

    private final Set<ClientTransaction> transactions = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();

    void register(ClientTransaction transaction) {
        transactions.add(transaction);
    }

    void unregister(ClientTransaction transaction) {
        transactions.remove(transaction);
    }

    /** A number that grows with each transaction that starts using shards: the larger, the younger. */
    long nextStart() {
        return sequence.incrementAndGet();
    }

    /** The transactions of the open sessions, as they are now. */
    public List<ClientTransaction> snapshot() {
        return List.copyOf(transactions);
    }
}
