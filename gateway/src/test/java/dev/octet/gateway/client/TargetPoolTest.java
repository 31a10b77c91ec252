package dev.octet.gateway.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.gateway.model.Route;
import dev.octet.gateway.model.TokenRequirement;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TargetPoolTest {

    private final Vertx vertx = Vertx.vertx();
    private final List<URI> uris = List.of(URI.create("http://a:1"), URI.create("http://b:2"), URI.create("http://c:3"));
    private final Route route = new Route("r", "r-service", "/api/r", "/r", uris, TokenRequirement.NONE, List.of(),
            Duration.ofSeconds(1), false);
    private final List<UpstreamTarget> targets = new ArrayList<>();
    private final TargetPool pool;

    TargetPoolTest() {
        for (URI uri : uris) {
            targets.add(new UpstreamTarget(route, uri, CircuitBreaker.create(uri.toString(), vertx,
                    new CircuitBreakerOptions().setNotificationAddress(null).setResetTimeout(-1))));
        }
        pool = new TargetPool(targets);
    }

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void takesTurns() {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            picked.add(pool.pick(Set.of(), Set.of()).orElseThrow().label());
        }
        assertThat(picked).containsExactly("a:1", "b:2", "c:3", "a:1", "b:2", "c:3");
    }

    @Test
    void skipsATargetWhoseBreakerIsOpen() {
        targets.get(1).breaker().open();

        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picked.add(pool.pick(Set.of(), Set.of()).orElseThrow().label());
        }
        assertThat(picked).doesNotContain("b:2").contains("a:1", "c:3");
    }

    @Test
    void prefersATargetNotYetTriedAndFallsBackToATriedOne() {
        assertThat(pool.pick(Set.of(targets.get(0), targets.get(1)), Set.of())).contains(targets.get(2));
        assertThat(pool.pick(Set.copyOf(targets), Set.of())).isPresent();
    }

    @Test
    void hasNothingWhenEveryTargetIsOpenOrRefused() {
        targets.get(0).breaker().open();
        targets.get(1).breaker().open();

        assertThat(pool.pick(Set.of(), Set.of(targets.get(2)))).isEmpty();
        targets.get(2).breaker().open();
        assertThat(pool.pick(Set.of(), Set.of())).isEmpty();
    }
}
