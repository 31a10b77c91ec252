package dev.octet.metadata.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.metadata.model.ChunkServer;
import dev.octet.metadata.model.ServerState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {

    @Test
    void choosesDistinctServersAndSkipsExcludedAndFullOnes() {
        List<ChunkServer> servers = List.of(server("a", 100), server("b", 100), server("c", 0), server("d", 100));
        for (int i = 0; i < 100; i++) {
            List<ChunkServer> chosen = Placement.choose(servers, 3, Set.of("d"), new Random(i));
            assertThat(chosen).extracting(s -> s.id).containsExactlyInAnyOrder("a", "b");
        }
    }

    @Test
    void favoursServersWithMoreFreeSpace() {
        List<ChunkServer> servers = List.of(server("empty", 900), server("full", 100));
        Map<String, Integer> firstChoice = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            firstChoice.merge(Placement.choose(servers, 1, Set.of(), random).get(0).id, 1, Integer::sum);
        }
        assertThat(firstChoice.get("empty")).isBetween(1600, 1900);
    }

    private static ChunkServer server(String id, long free) {
        ChunkServer server = new ChunkServer();
        server.id = id;
        server.url = "http://" + id;
        server.state = ServerState.ALIVE;
        server.capacityBytes = 1000;
        server.usedBytes = 1000 - free;
        return server;
    }
}
