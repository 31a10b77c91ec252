package dev.octet.peer.dht;

/**
 * Kademlia's parameters.
 *
 * @param k                      bucket size and the number of closest peers a lookup returns (20, the paper's)
 * @param alpha                  lookups' parallelism (3, the paper's)
 * @param rpcTimeoutMillis       how long one request waits for its answer
 * @param questionableAfterMillis a contact not heard from this long is pinged before a newcomer is turned away
 *                               (BEP 5's 15 minutes)
 * @param lookupTimeoutMillis    the longest a whole lookup runs, answered or not
 * @param refreshIntervalMillis  a bucket untouched this long is refreshed by a lookup in its range
 * @param republishIntervalMillis each provider re-announces what it holds this often
 * @param recordTtlSeconds       how long a provider record is kept without being re-announced
 * @param cacheTtlSeconds        how long a record cached along a lookup's path is kept
 * @param maxProvidersPerKey     records kept per key
 * @param maxRecords             records kept in all (a bound against a flood of STOREs)
 */
public record DhtConfig(
        int k,
        int alpha,
        long rpcTimeoutMillis,
        long questionableAfterMillis,
        long lookupTimeoutMillis,
        long refreshIntervalMillis,
        long republishIntervalMillis,
        int recordTtlSeconds,
        int cacheTtlSeconds,
        int maxProvidersPerKey,
        int maxRecords) {

    public DhtConfig {
        if (k < 1 || k > 255 || alpha < 1 || rpcTimeoutMillis <= 0 || questionableAfterMillis < 0 || lookupTimeoutMillis < rpcTimeoutMillis
                || refreshIntervalMillis <= 0 || republishIntervalMillis <= 0 || recordTtlSeconds <= 0 || cacheTtlSeconds <= 0
                || maxProvidersPerKey < 1 || maxRecords < 1) {
            throw new IllegalArgumentException("Kademlia parameters out of range: " + this);
        }
    }

    /** The paper's k and alpha; intervals for a network whose peers come and go within minutes. */
    public static DhtConfig defaults() {
        return new DhtConfig(20, 3, 1000, 900_000, 10_000, 900_000, 600_000, 1800, 300, 20, 65_536);
    }

    public DhtConfig withRepublishInterval(long millis) {
        return new DhtConfig(k, alpha, rpcTimeoutMillis, questionableAfterMillis, lookupTimeoutMillis, refreshIntervalMillis, millis, recordTtlSeconds,
                cacheTtlSeconds, maxProvidersPerKey, maxRecords);
    }
}
