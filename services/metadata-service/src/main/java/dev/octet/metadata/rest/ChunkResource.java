package dev.octet.metadata.rest;

import dev.octet.filesystem.api.v1.BadReplicaReport;
import dev.octet.filesystem.api.v1.ReplicaReport;
import dev.octet.metadata.model.ChunkStatus;
import dev.octet.metadata.model.ReplicationHealth;
import dev.octet.metadata.service.ChunkServerRegistry;
import dev.octet.metadata.service.ReplicationHealthService;
import dev.octet.platform.access.CalledBy;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.UUID;
import org.jboss.resteasy.reactive.RestResponse;

/** Chunks and their replicas: where they are, copies that arrived, replicas found bad. */
@Path("/chunks")
@CalledBy("chunk-server")
public class ChunkResource {

    private final ChunkServerRegistry registry;
    private final ReplicationHealthService health;

    public ChunkResource(ChunkServerRegistry registry, ReplicationHealthService health) {
        this.registry = registry;
        this.health = health;
    }

    @CalledBy(value = "chunk-server", operators = true)
    @GET
    @Path("/replication")
    public Uni<ReplicationHealth> replication() {
        return health.health();
    }

    @CalledBy(value = "chunk-server", operators = true)
    @GET
    @Path("/{id}")
    public Uni<ChunkStatus> chunk(@PathParam("id") UUID id) {
        return registry.chunk(id);
    }

    @POST
    @Path("/{id}/replicas")
    public Uni<RestResponse<Void>> replicaAdded(@PathParam("id") UUID id, @Valid @NotNull ReplicaReport report) {
        return registry.replicaAdded(id, report).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{id}/bad-replicas")
    public Uni<RestResponse<Void>> badReplica(@PathParam("id") UUID id, @Valid @NotNull BadReplicaReport report) {
        return registry.badReplica(id, report).map(ignored -> RestResponse.noContent());
    }
}
