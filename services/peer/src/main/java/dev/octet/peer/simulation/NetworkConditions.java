package dev.octet.peer.simulation;

/**
 * How the simulated network treats each datagram: a one-way latency drawn uniformly from
 * [{@code minLatencyMillis}, {@code maxLatencyMillis}], and a chance of losing it.
 */
public record NetworkConditions(long minLatencyMillis, long maxLatencyMillis, double loss) {

    public NetworkConditions {
        if (minLatencyMillis < 0 || maxLatencyMillis < minLatencyMillis || loss < 0 || loss >= 1) {
            throw new IllegalArgumentException("latency 0 <= min <= max, loss in [0, 1): " + this);
        }
    }

    /** A data-centre LAN: 1-5 ms one way, nothing lost. */
    public static NetworkConditions lan() {
        return new NetworkConditions(1, 5, 0);
    }

    public NetworkConditions withLoss(double newLoss) {
        return new NetworkConditions(minLatencyMillis, maxLatencyMillis, newLoss);
    }
}
