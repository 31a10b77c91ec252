package dev.octet.peer.dht;

/** Counters of one peer's DHT, read by metrics and the simulation. Written on the peer's thread. */
public final class DhtStats {
    long lookups;
    long hops;
    long requests;
    long timeouts;
    long stored;
    long evictions;
    long refreshes;
    long announcements;
    long unexpected;

    public long lookups() {
        return lookups;
    }

    /** The sum of every finished lookup's hop count (divide by lookups for the mean). */
    public long hops() {
        return hops;
    }

    public long requests() {
        return requests;
    }

    public long timeouts() {
        return timeouts;
    }

    public long stored() {
        return stored;
    }

    public long evictions() {
        return evictions;
    }

    public long refreshes() {
        return refreshes;
    }

    public long announcements() {
        return announcements;
    }

    /** Answers to no request of this peer's, or from another peer than the one asked. */
    public long unexpected() {
        return unexpected;
    }
}
