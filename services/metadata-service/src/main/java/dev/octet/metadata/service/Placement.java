package dev.octet.metadata.service;

import dev.octet.metadata.model.ChunkServer;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Chooses chunk servers for new replicas: a random sample without replacement, weighted by free
 * space (Efraimidis–Spirakis), so load spreads over every server and a new, empty server fills up
 * faster than the rest — capacity grows by adding servers.
 */
public final class Placement {

    private Placement() {
    }

    public static List<ChunkServer> choose(List<ChunkServer> alive, int count, Set<String> excluded, Random random) {
        return alive.stream()
                .filter(server -> !excluded.contains(server.id) && server.freeBytes() > 0)
                .map(server -> new Keyed(server, Math.log(1.0 - random.nextDouble()) / server.freeBytes()))
                .sorted(Comparator.comparingDouble(Keyed::key).reversed())
                .limit(count)
                .map(Keyed::server)
                .toList();
    }

    private record Keyed(ChunkServer server, double key) {
    }
}
