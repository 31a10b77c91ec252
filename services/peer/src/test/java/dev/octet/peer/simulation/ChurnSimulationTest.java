package dev.octet.peer.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.peer.membership.MemberState;
import dev.octet.peer.membership.MembershipConfig;
import dev.octet.peer.membership.MembershipEvent;
import dev.octet.peer.node.PeerConfig;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whole peers in a small simulated network: crashes, partitions, restarts and departures, each seen by every member. */
class ChurnSimulationTest {

    private static final PeerConfig CONFIG = PeerConfig.defaults();
    private static final MembershipConfig SWIM = CONFIG.membership();

    private PeerSimulation converged(int n, long seed) {
        PeerSimulation simulation = new PeerSimulation(seed, NetworkConditions.lan(), CONFIG);
        simulation.grow(n, 50);
        assertThat(simulation.network().runUntil(simulation::converged, 60_000)).as("%d peers converge", n).isTrue();
        return simulation;
    }

    @Test
    void everyMemberMarksACrashedPeerDeadWithinTheDetectionBound() {
        PeerSimulation simulation = converged(8, 21);
        simulation.crash(5);
        long crashed = simulation.network().now();
        boolean everyone = simulation.network().runUntil(() -> simulation.seenAs(5, MemberState.DEAD) == 7,
                SWIM.detectionBoundMillis(8) * 2);
        assertThat(everyone).isTrue();
        assertThat(simulation.network().now() - crashed).isLessThanOrEqualTo(SWIM.detectionBoundMillis(8));
        assertThat(simulation.converged()).isTrue();
    }

    @Test
    void aPeerCutOffBrieflyRefutesItsSuspicionAndIsNeverDeclaredDead() {
        PeerSimulation simulation = converged(6, 22);
        int before = simulation.observed().size();
        var cutOff = simulation.peer(2).self().address();
        simulation.network().partition(Set.of(cutOff));
        boolean suspected = simulation.network().runUntil(() -> simulation.seenAs(2, MemberState.SUSPECT) > 0, 30_000);
        assertThat(suspected).isTrue();
        simulation.network().heal();
        assertThat(simulation.network().runUntil(simulation::converged, SWIM.maxSuspicionMillis(6))).isTrue();
        var events = simulation.observed().subList(before, simulation.observed().size());
        assertThat(events).noneMatch(seen -> seen.event().kind() == MembershipEvent.Kind.DEAD
                && seen.event().member().id().equals(simulation.peer(2).self().id()));
        assertThat(simulation.peer(2).membership().incarnation()).as("refuted with a higher incarnation").isPositive();
    }

    @Test
    void aRestartedPeerRejoinsThroughAnyPeerAndIsAliveInEveryView() {
        PeerSimulation simulation = converged(6, 23);
        simulation.crash(4);
        assertThat(simulation.network().runUntil(() -> simulation.seenAs(4, MemberState.DEAD) == 5, SWIM.detectionBoundMillis(6)))
                .isTrue();
        // Seeded with peer 3, not the first peer every other one joined through.
        simulation.restart(4, 3);
        assertThat(simulation.network().runUntil(simulation::converged, 60_000)).isTrue();
        assertThat(simulation.peer(4).membership().incarnation()).as("outbid its own death").isPositive();
    }

    @Test
    void aPeerThatLeavesIsMarkedLeftByEveryMember() {
        PeerSimulation simulation = converged(6, 24);
        simulation.peer(1).scheduler().execute(() -> simulation.peer(1).leave());
        assertThat(simulation.network().runUntil(() -> simulation.seenAs(1, MemberState.LEFT) == 5, 10_000)).isTrue();
        assertThat(simulation.observed()).noneMatch(seen -> seen.event().kind() == MembershipEvent.Kind.DEAD);
    }

    @Test
    void theSameSeedGivesTheSameRunEventForEvent() {
        PeerSimulation first = converged(5, 25);
        PeerSimulation second = converged(5, 25);
        assertThat(second.network().sent()).isEqualTo(first.network().sent());
        assertThat(second.observed()).isEqualTo(first.observed());
    }
}
