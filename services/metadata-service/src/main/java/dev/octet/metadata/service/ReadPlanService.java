package dev.octet.metadata.service;

import dev.octet.filesystem.api.v1.ReadPlan;
import dev.octet.filesystem.api.v1.ServerRef;
import dev.octet.metadata.model.Chunk;
import dev.octet.metadata.model.PathName;
import dev.octet.metadata.repository.ChunkRepository;
import dev.octet.metadata.repository.EntryRepository;
import dev.octet.metadata.repository.ReplicaRepository;
import dev.octet.metadata.repository.VersionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where to read a file from: the committed version's chunks and their live replicas, in random order
 * so that readers spread over the replicas.
 */
@ApplicationScoped
public class ReadPlanService {

    private final NamespaceService namespace;
    private final EntryRepository entries;
    private final VersionRepository versions;
    private final ChunkRepository chunks;
    private final ReplicaRepository replicas;

    public ReadPlanService(NamespaceService namespace, EntryRepository entries, VersionRepository versions,
                           ChunkRepository chunks, ReplicaRepository replicas) {
        this.namespace = namespace;
        this.entries = entries;
        this.versions = versions;
        this.chunks = chunks;
        this.replicas = replicas;
    }

    public Uni<ReadPlan> plan(String rawPath) {
        PathName path = PathName.parse(rawPath);
        return Panache.withSession(() -> namespace.existing(path)
                .flatMap(entry -> {
                    if (entry.isDirectory()) {
                        throw FileSystemProblems.isDirectory(path.value());
                    }
                    return versions.findById(entry.versionId);
                })
                .flatMap(version -> chunks.ofVersion(version.id)
                        .flatMap(ordered -> replicas.liveLocations(ordered.stream().map(c -> c.id).toList())
                                .map(locations -> new ReadPlan(path.value(), version.id, version.generation, version.size,
                                        version.etag, version.chunkSize, version.committedAt,
                                        locate(ordered, version.chunkSize, locations))))));
    }

    private static List<ReadPlan.ChunkLocation> locate(List<Chunk> ordered, long chunkSize,
                                                       Map<UUID, List<ServerRef>> locations) {
        List<ReadPlan.ChunkLocation> located = new ArrayList<>(ordered.size());
        for (Chunk chunk : ordered) {
            List<ServerRef> servers = new ArrayList<>(locations.getOrDefault(chunk.id, List.of()));
            Collections.shuffle(servers);
            located.add(new ReadPlan.ChunkLocation(chunk.id, chunk.chunkIndex, chunk.chunkIndex * chunkSize, chunk.size,
                    chunk.digest, servers));
        }
        return located;
    }
}
