package dev.octet.peer.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.peer.dht.DhtConfig;
import dev.octet.peer.membership.MemberState;
import dev.octet.peer.membership.MembershipConfig;
import dev.octet.peer.node.PeerConfig;
import org.junit.jupiter.api.Test;

/**
 * The simulator at a thousand peers: Kademlia lookups find the truly closest peers in a logarithmic number
 * of hops, and SWIM makes a crash known to every member within its bound; the false positives under 5%
 * loss are printed (tests/load/p2p measures them against the published figures).
 */
class ThousandPeersSimulationTest {

    private static final int N = 1_000;

    @Test
    void lookupsReachTheClosestPeersInLogarithmicallyManyHopsEvenAfterATenthCrash() {
        DhtSimulation simulation = new DhtSimulation(31, NetworkConditions.lan(), DhtConfig.defaults());
        simulation.grow(N, 20);
        LookupStatistics statistics = simulation.lookups(200);
        System.out.println("Kademlia, simulated: " + statistics);
        assertThat(statistics.closestFound()).isEqualTo(1.0);
        assertThat(statistics.exactness()).isGreaterThanOrEqualTo(0.95);
        double log2 = Math.log(N) / Math.log(2);
        assertThat(statistics.meanHops()).isLessThanOrEqualTo(log2 / 2);
        assertThat(statistics.maxHops()).isLessThanOrEqualTo((int) Math.ceil(log2));

        // Crashed peers stay in routing tables until a lookup times out on them: slower, still right.
        simulation.crash(N / 10);
        LookupStatistics afterCrash = simulation.lookups(100);
        System.out.println("Kademlia, simulated, 10% crashed: " + afterCrash);
        assertThat(afterCrash.closestFound()).isGreaterThanOrEqualTo(0.95);
        assertThat(afterCrash.exactness()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void everyMemberLearnsOfACrashAndLossRarelyKillsALivePeer() {
        MembershipConfig swim = MembershipConfig.lan();
        PeerSimulation simulation = new PeerSimulation(33, NetworkConditions.lan(), PeerConfig.defaults());
        simulation.grow(N, 10);
        // Gossip reaches nearly every member; the few pairs it misses are settled by the first anti-entropy rounds.
        assertThat(simulation.network().runUntil(simulation::converged, swim.syncIntervalMillis(N) * 3, 1_000)).isTrue();

        simulation.network().conditions(NetworkConditions.lan().withLoss(0.05));
        int before = simulation.observed().size();
        long window = 60_000;
        simulation.network().runFor(window);
        FalsePositives falsePositives = FalsePositives.count(simulation, before, window);
        System.out.println("SWIM, simulated, " + N + " peers, 5% loss: " + falsePositives);

        simulation.network().conditions(NetworkConditions.lan());
        int victim = 500;
        simulation.crash(victim);
        long crashed = simulation.network().now();
        boolean everyone = simulation.network().runUntil(
                () -> simulation.seenAs(victim, MemberState.DEAD) == simulation.livePeers(), swim.detectionBoundMillis(N));
        System.out.println("SWIM, simulated, " + N + " peers: a crash known to every member after "
                + (simulation.network().now() - crashed) + " ms");
        assertThat(everyone).isTrue();
    }
}
