package dev.octet.peer.membership;

/** Counters of one peer's membership protocol, read by metrics and the simulation. Written on the peer's thread. */
public final class MembershipStats {
    long probes;
    long failedProbes;
    long pingReqs;
    long relayed;
    long suspicions;
    long refutations;
    long syncs;

    public long probes() {
        return probes;
    }

    public long failedProbes() {
        return failedProbes;
    }

    public long pingReqs() {
        return pingReqs;
    }

    public long relayed() {
        return relayed;
    }

    public long suspicions() {
        return suspicions;
    }

    public long refutations() {
        return refutations;
    }

    public long syncs() {
        return syncs;
    }
}
