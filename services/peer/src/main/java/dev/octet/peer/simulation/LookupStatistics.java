package dev.octet.peer.simulation;

import dev.octet.peer.dht.LookupResult;
import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/** What a batch of simulated lookups measured: hops, latency, messages, and how exact the answers were. */
public final class LookupStatistics {

    private final int peers;
    private final List<Integer> hops = new ArrayList<>();
    private final List<Long> millis = new ArrayList<>();
    private long messages;
    private long requests;
    private int closestFound;
    private double exactness;

    LookupStatistics(int peers) {
        this.peers = peers;
    }

    void add(LookupResult result, Set<Key> truth, long sent) {
        hops.add(result.hops());
        millis.add(result.millis());
        messages += sent;
        requests += result.path().size();
        Key nearest = truth.stream().min(result.target()::compareDistance).orElse(null);
        if (!result.closest().isEmpty() && result.closest().get(0).id().equals(nearest)) {
            closestFound++;
        }
        long right = result.closest().stream().map(Contact::id).filter(truth::contains).count();
        exactness += truth.isEmpty() ? 1 : (double) right / truth.size();
    }

    public int peers() {
        return peers;
    }

    public int lookups() {
        return hops.size();
    }

    public double meanHops() {
        return hops.stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    public int maxHops() {
        return hops.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The share of lookups whose first answer was the live peer truly closest to the key. */
    public double closestFound() {
        return lookups() == 0 ? 0 : (double) closestFound / lookups();
    }

    /** The mean share of the true k closest that the lookup returned. */
    public double exactness() {
        return lookups() == 0 ? 0 : exactness / lookups();
    }

    /** The lookups' own requests (the network also carries pings and background refreshes meanwhile). */
    public double meanRequests() {
        return lookups() == 0 ? 0 : (double) requests / lookups();
    }

    public double meanMessages() {
        return lookups() == 0 ? 0 : (double) messages / lookups();
    }

    public long percentileMillis(double percentile) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(percentile * sorted.size())));
    }

    @Override
    public String toString() {
        return String.format("n=%d lookups=%d hops mean %.2f max %d; closest found %.1f%%, k-closest exact %.1f%%; "
                + "latency p50 %d ms p99 %d ms; %.1f requests per lookup", peers, lookups(), meanHops(), maxHops(),
                closestFound() * 100, exactness() * 100, percentileMillis(0.5), percentileMillis(0.99), meanRequests());
    }
}
