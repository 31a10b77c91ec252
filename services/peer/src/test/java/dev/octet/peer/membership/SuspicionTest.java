package dev.octet.peer.membership;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuspicionTest {

    @Test
    void theTimeoutFallsLogarithmicallyFromMaxToMinAsConfirmationsArrive() {
        long min = 4_000;
        long max = 24_000;
        int expected = 2;
        assertThat(Suspicion.timeout(min, max, expected, 0)).isEqualTo(max);
        long one = Suspicion.timeout(min, max, expected, 1);
        // log(2) / log(3) of the way down.
        assertThat(one).isEqualTo((long) Math.floor(max - Math.log(2) / Math.log(3) * (max - min)));
        assertThat(Suspicion.timeout(min, max, expected, 2)).isEqualTo(min);
        assertThat(Suspicion.timeout(min, max, expected, 5)).isEqualTo(min);
        assertThat(one).isStrictlyBetween(min, max);
    }

    @Test
    void withoutExpectedConfirmationsTheLeastTimeoutApplies() {
        assertThat(Suspicion.timeout(4_000, 24_000, 0, 0)).isEqualTo(4_000);
    }

    @Test
    void theConfigurationScalesSuspicionWithTheLogOfTheMembership() {
        MembershipConfig lan = MembershipConfig.lan();
        assertThat(lan.minSuspicionMillis(5)).isEqualTo(4_000);
        assertThat(lan.minSuspicionMillis(1_000)).isEqualTo(12_000);
        assertThat(lan.maxSuspicionMillis(1_000)).isEqualTo(72_000);
        assertThat(lan.retransmitLimit(5)).isEqualTo(4);
        assertThat(lan.retransmitLimit(1_000)).isEqualTo(16);
        assertThat(lan.syncIntervalMillis(32)).isEqualTo(30_000);
        assertThat(lan.syncIntervalMillis(1_000)).isEqualTo(180_000);
    }
}
