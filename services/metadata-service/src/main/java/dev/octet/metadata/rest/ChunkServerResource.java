package dev.octet.metadata.rest;

import dev.octet.filesystem.api.v1.BlockReport;
import dev.octet.filesystem.api.v1.BlockReportReply;
import dev.octet.filesystem.api.v1.Heartbeat;
import dev.octet.filesystem.api.v1.HeartbeatReply;
import dev.octet.metadata.model.ServerStatus;
import dev.octet.metadata.service.ChunkServerRegistry;
import dev.octet.platform.access.CalledBy;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.List;

/** The chunk-server registry: heartbeats, block reports, and the list operators look at. */
@Path("/chunk-servers")
@CalledBy("chunk-server")
public class ChunkServerResource {

    private final ChunkServerRegistry registry;

    public ChunkServerResource(ChunkServerRegistry registry) {
        this.registry = registry;
    }

    @CalledBy(value = "chunk-server", operators = true)
    @GET
    public Uni<List<ServerStatus>> list() {
        return registry.list();
    }

    @CalledBy(value = "chunk-server", instanceFrom = "id")
    @POST
    @Path("/{id}/heartbeats")
    public Uni<HeartbeatReply> heartbeat(@PathParam("id") String id, @Valid @NotNull Heartbeat heartbeat) {
        return registry.heartbeat(id, heartbeat);
    }

    @CalledBy(value = "chunk-server", instanceFrom = "id")
    @POST
    @Path("/{id}/block-reports")
    public Uni<BlockReportReply> blockReport(@PathParam("id") String id, @Valid @NotNull BlockReport report) {
        return registry.blockReport(id, report);
    }
}
