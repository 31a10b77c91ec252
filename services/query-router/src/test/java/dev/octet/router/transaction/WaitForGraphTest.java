package dev.octet.router.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaitForGraphTest {

    @Test
    void aChainOfWaitsIsNoDeadlock() {
        WaitForGraph<String> graph = new WaitForGraph<>();
        graph.addEdge("a", "b");
        graph.addEdge("b", "c");
        graph.addEdge("d", "c");
        assertThat(graph.deadlocks()).isEmpty();
    }

    @Test
    void twoTransactionsWaitingForEachOtherAreOneDeadlock() {
        WaitForGraph<String> graph = new WaitForGraph<>();
        graph.addEdge("a", "b");
        graph.addEdge("b", "a");
        graph.addEdge("c", "a");
        assertThat(graph.deadlocks()).containsExactly(Set.of("a", "b"));
    }

    @Test
    void separateCyclesAreSeparateDeadlocksAndBystandersAreLeftOut() {
        WaitForGraph<Integer> graph = new WaitForGraph<>();
        // 1 -> 2 -> 3 -> 1, 4 <-> 5, 6 waits on the first cycle, 3 also waits on 7 which waits on nobody
        graph.addEdge(1, 2);
        graph.addEdge(2, 3);
        graph.addEdge(3, 1);
        graph.addEdge(3, 7);
        graph.addEdge(4, 5);
        graph.addEdge(5, 4);
        graph.addEdge(6, 1);
        List<Set<Integer>> deadlocks = graph.deadlocks();
        assertThat(deadlocks).containsExactlyInAnyOrder(Set.of(1, 2, 3), Set.of(4, 5));
    }

    @Test
    void aWaitOnItselfIsIgnored() {
        WaitForGraph<String> graph = new WaitForGraph<>();
        graph.addEdge("a", "a");
        assertThat(graph.deadlocks()).isEmpty();
        assertThat(graph.waitsFor("a", "a")).isFalse();
    }

    @Test
    void aLongRingIsFoundWithoutRecursion() {
        WaitForGraph<Integer> graph = new WaitForGraph<>();
        int size = 100_000;
        for (int i = 0; i < size; i++) {
            graph.addEdge(i, (i + 1) % size);
        }
        assertThat(graph.deadlocks()).singleElement().satisfies(cycle -> assertThat(cycle).hasSize(size));
    }

    @Test
    void pidArraysAreReadAsPostgreSQLWritesThem() {
        assertThat(DeadlockDetector.pids("{}".getBytes())).isEmpty();
        assertThat(DeadlockDetector.pids("{4711}".getBytes())).containsExactly(4711);
        assertThat(DeadlockDetector.pids("{12,0,34}".getBytes())).containsExactly(12, 0, 34);
        assertThat(DeadlockDetector.pids(null)).isEmpty();
    }
}
