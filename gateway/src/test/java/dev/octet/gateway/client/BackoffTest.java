package dev.octet.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));

    @Test
    void doublesAfterEachFailureUpToTheCap() {
        assertThat(backoff.delayMillis(1, 0.999)).isEqualTo(50);
        assertThat(backoff.delayMillis(2, 0.999)).isEqualTo(100);
        assertThat(backoff.delayMillis(3, 0.999)).isEqualTo(200);
        assertThat(backoff.delayMillis(6, 0.999)).isEqualTo(1000);
        assertThat(backoff.delayMillis(60, 0.999)).isEqualTo(1000);
    }

    @Test
    void jitterKeepsAtLeastHalfOfTheDelay() {
        assertThat(backoff.delayMillis(1, 0.0)).isEqualTo(25);
        assertThat(backoff.delayMillis(3, 0.0)).isEqualTo(100);
        assertThat(backoff.delayMillis(3, 0.5)).isBetween(100L, 200L);
    }
}
