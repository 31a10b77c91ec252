package dev.octet.peer.membership;

/**
 * SWIM's and Lifeguard's parameters, in milliseconds. The defaults are memberlist's LAN configuration, the
 * one Consul and Nomad run: a probe each second, half a second for the direct answer, three indirect probes,
 * suspicion of 4 * log10(n) probe periods that confirmations shorten from six times that, news also sent to
 * three random members every 200 ms.
 *
 * @param probeIntervalMillis   SWIM's protocol period T': one member probed per period
 * @param probeTimeoutMillis    how long the direct ping waits before the indirect ones are sent
 * @param indirectChecks        k: members asked to ping the target for us
 * @param retransmitMultiplier  each piece of news is piggybacked multiplier * ceil(log10(n + 1)) times
 * @param suspicionMultiplier   the least suspicion timeout is multiplier * max(1, log10(n)) probe periods
 * @param suspicionMaxMultiplier Lifeguard: the suspicion timeout starts at this many times the least one
 * @param maxLocalHealth        Lifeguard: the local health multiplier's ceiling (probe interval and timeout are
 *                              scaled by health + 1)
 * @param syncIntervalMillis    anti-entropy: a full state exchange with one random member this often (0: never),
 *                              stretched beyond 32 members as memberlist's push-pull is ({@link #syncIntervalMillis(int)})
 * @param deadRetentionMillis   how long a dead or departed member stays listed before it is forgotten
 * @param gossipIntervalMillis  besides piggybacking, queued news goes to {@code gossipFanout} random members this
 *                              often (memberlist's gossip rounds; 0: piggybacking only)
 * @param gossipFanout          members each gossip round sends to
 */
public record MembershipConfig(
        long probeIntervalMillis,
        long probeTimeoutMillis,
        int indirectChecks,
        int retransmitMultiplier,
        int suspicionMultiplier,
        int suspicionMaxMultiplier,
        int maxLocalHealth,
        long syncIntervalMillis,
        long deadRetentionMillis,
        long gossipIntervalMillis,
        int gossipFanout) {

    public MembershipConfig {
        if (probeIntervalMillis <= 0 || probeTimeoutMillis <= 0 || probeTimeoutMillis >= probeIntervalMillis) {
            throw new IllegalArgumentException("a probe timeout shorter than the probe interval, both positive");
        }
        if (indirectChecks < 0 || retransmitMultiplier < 1 || suspicionMultiplier < 1 || suspicionMaxMultiplier < 1
                || maxLocalHealth < 0 || syncIntervalMillis < 0 || deadRetentionMillis < 0 || gossipIntervalMillis < 0
                || gossipFanout < 1) {
            throw new IllegalArgumentException("membership parameters out of range: " + this);
        }
    }

    /** memberlist's DefaultLANConfig. */
    public static MembershipConfig lan() {
        return new MembershipConfig(1000, 500, 3, 4, 4, 6, 8, 30_000, 300_000, 200, 3);
    }

    public MembershipConfig withSyncInterval(long millis) {
        return new MembershipConfig(probeIntervalMillis, probeTimeoutMillis, indirectChecks, retransmitMultiplier,
                suspicionMultiplier, suspicionMaxMultiplier, maxLocalHealth, millis, deadRetentionMillis, gossipIntervalMillis,
                gossipFanout);
    }

    public MembershipConfig withGossipInterval(long millis) {
        return new MembershipConfig(probeIntervalMillis, probeTimeoutMillis, indirectChecks, retransmitMultiplier,
                suspicionMultiplier, suspicionMaxMultiplier, maxLocalHealth, syncIntervalMillis, deadRetentionMillis, millis,
                gossipFanout);
    }

    /** The least suspicion timeout among {@code n} members (self included). */
    public long minSuspicionMillis(int n) {
        double scale = Math.max(1.0, Math.log10(Math.max(1, n)));
        return Math.round(suspicionMultiplier * scale * probeIntervalMillis);
    }

    public long maxSuspicionMillis(int n) {
        return suspicionMaxMultiplier * minSuspicionMillis(n);
    }

    /**
     * The sync interval among {@code n} members: a full state grows with n, so beyond 32 members the interval
     * grows by one interval per doubling (memberlist's pushPullScale), keeping the traffic per peer flat.
     */
    public long syncIntervalMillis(int n) {
        if (n <= 32) {
            return syncIntervalMillis;
        }
        double doublings = Math.log(n) / Math.log(2) - 5;
        return syncIntervalMillis * ((long) Math.ceil(doublings) + 1);
    }

    /** How many times a piece of news is piggybacked among {@code n} members. */
    public int retransmitLimit(int n) {
        return retransmitMultiplier * (int) Math.ceil(Math.log10(n + 1));
    }

    /**
     * The longest a crash can go unnoticed by every member, with no message lost: round-robin probing reaches
     * the crashed member within n - 1 periods of each prober, then the suspicion runs its longest course.
     */
    public long detectionBoundMillis(int n) {
        return (long) Math.max(1, n - 1) * probeIntervalMillis + maxSuspicionMillis(n);
    }
}
