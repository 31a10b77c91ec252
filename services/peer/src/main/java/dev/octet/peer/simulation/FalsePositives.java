package dev.octet.peer.simulation;

import dev.octet.peer.membership.MembershipEvent;
import dev.octet.peer.model.Key;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Live peers wrongly suspected, or declared dead, in a window of a simulation: counted once per (peer, incarnation). */
public record FalsePositives(int peers, long windowMillis, int suspicions, int deaths) {

    public static FalsePositives count(PeerSimulation simulation, int from, long windowMillis) {
        List<PeerSimulation.Observed> window = simulation.observed().subList(from, simulation.observed().size());
        Set<String> suspected = new HashSet<>();
        Set<Key> dead = new HashSet<>();
        for (PeerSimulation.Observed seen : window) {
            Key member = seen.event().member().id();
            if (!simulation.up(simulation.indexOf(member))) {
                continue;
            }
            if (seen.event().kind() == MembershipEvent.Kind.SUSPECTED) {
                suspected.add(member + "/" + seen.event().incarnation());
            } else if (seen.event().kind() == MembershipEvent.Kind.DEAD) {
                dead.add(member);
            }
        }
        return new FalsePositives(simulation.size(), windowMillis, suspected.size(), dead.size());
    }

    /** Wrong suspicions per peer per hour. */
    public double suspicionsPerPeerHour() {
        return suspicions * 3_600_000.0 / windowMillis / peers;
    }

    @Override
    public String toString() {
        return String.format("%d live peers wrongly suspected (%.2f per peer-hour), %d wrongly declared dead, in %d s",
                suspicions, suspicionsPerPeerHour(), deaths, windowMillis / 1000);
    }
}
