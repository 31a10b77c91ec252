package dev.octet.metadata.rest;

import dev.octet.filesystem.api.v1.ChunkAllocation;
import dev.octet.filesystem.api.v1.ChunkBatch;
import dev.octet.filesystem.api.v1.ChunkBatchReply;
import dev.octet.filesystem.api.v1.CommitRequest;
import dev.octet.filesystem.api.v1.EntryStatus;
import dev.octet.filesystem.api.v1.LeaseRenewal;
import dev.octet.filesystem.api.v1.UploadLease;
import dev.octet.filesystem.api.v1.UploadProgress;
import dev.octet.filesystem.api.v1.UploadRequest;
import dev.octet.metadata.model.ChunkAllocationRequest;
import dev.octet.metadata.model.ChunkWritten;
import dev.octet.metadata.service.UploadService;
import dev.octet.platform.access.CalledBy;
import dev.octet.platform.web.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.UUID;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

/** The write protocol, called by the chunk servers that front uploads. No file bytes pass here. */
@Path("/uploads")
@CalledBy("chunk-server")
public class UploadResource {

    private final UploadService uploads;

    public UploadResource(UploadService uploads) {
        this.uploads = uploads;
    }

    @POST
    @ResponseStatus(201)
    public Uni<UploadLease> begin(@Valid @NotNull UploadRequest request) {
        return uploads.begin(request);
    }

    @POST
    @Path("/{id}/chunks")
    public Uni<ChunkAllocation> allocate(@PathParam("id") UUID id, @Valid @NotNull ChunkAllocationRequest request) {
        return uploads.allocate(id, request);
    }

    /** Reports chunks stored and allocates the next ones in one round trip. */
    @POST
    @Path("/{id}/chunk-batches")
    public Uni<ChunkBatchReply> batch(@PathParam("id") UUID id, @Valid @NotNull ChunkBatch batch) {
        return uploads.batch(id, batch);
    }

    @PUT
    @Path("/{id}/chunks/{index}")
    public Uni<RestResponse<Void>> written(@PathParam("id") UUID id, @PathParam("index") int index,
                                           @Valid @NotNull ChunkWritten report) {
        return uploads.chunkWritten(id, index, report).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/{id}/renewals")
    public Uni<UploadLease> renew(@PathParam("id") UUID id, @Valid @NotNull LeaseRenewal renewal) {
        return uploads.renew(id, renewal);
    }

    @POST
    @Path("/{id}/commit")
    public Uni<EntryStatus> commit(@PathParam("id") UUID id, @Valid @NotNull CommitRequest request) {
        return uploads.commit(id, request);
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> abort(@PathParam("id") UUID id, @QueryParam("generation") Long generation) {
        if (generation == null) {
            throw ProblemException.badRequest("The generation query parameter is required.");
        }
        return uploads.abort(id, generation).map(ignored -> RestResponse.noContent());
    }

    @GET
    public Uni<UploadProgress> progress(@QueryParam("path") String path) {
        return uploads.progress(path);
    }
}
