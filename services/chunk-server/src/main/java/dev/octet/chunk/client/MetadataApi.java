package dev.octet.chunk.client;

import dev.octet.chunk.model.BadReplicaReport;
import dev.octet.chunk.model.BlockReport;
import dev.octet.chunk.model.BlockReportReply;
import dev.octet.chunk.model.ChunkBatch;
import dev.octet.chunk.model.ChunkBatchReply;
import dev.octet.chunk.model.CommitRequest;
import dev.octet.chunk.model.EntryStatus;
import dev.octet.chunk.model.Heartbeat;
import dev.octet.chunk.model.HeartbeatReply;
import dev.octet.chunk.model.LeaseRenewal;
import dev.octet.chunk.model.Listing;
import dev.octet.chunk.model.MakeDirectory;
import dev.octet.chunk.model.ReadPlan;
import dev.octet.chunk.model.Rename;
import dev.octet.chunk.model.ReplicaReport;
import dev.octet.chunk.model.UploadLease;
import dev.octet.chunk.model.UploadProgress;
import dev.octet.chunk.model.UploadRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The metadata service's HTTP API. Use it through {@link MetadataClient}, which adds the fault tolerance. */
@RegisterRestClient(configKey = "metadata")
@RegisterProvider(MetadataProblemMapper.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface MetadataApi {

    @POST
    @Path("/uploads")
    UploadLease begin(UploadRequest request);


    @POST
    @Path("/uploads/{id}/chunk-batches")
    ChunkBatchReply batch(@PathParam("id") UUID uploadId, ChunkBatch batch);


    @POST
    @Path("/uploads/{id}/renewals")
    UploadLease renew(@PathParam("id") UUID uploadId, LeaseRenewal renewal);

    @POST
    @Path("/uploads/{id}/commit")
    EntryStatus commit(@PathParam("id") UUID uploadId, CommitRequest request);

    @DELETE
    @Path("/uploads/{id}")
    void abort(@PathParam("id") UUID uploadId, @QueryParam("generation") long generation);

    @GET
    @Path("/uploads")
    UploadProgress progress(@QueryParam("path") String path);

    @GET
    @Path("/read-plans")
    ReadPlan readPlan(@QueryParam("path") String path);

    @GET
    @Path("/namespace/entries")
    EntryStatus stat(@QueryParam("path") String path);

    @GET
    @Path("/namespace/children")
    Listing list(@QueryParam("path") String path, @QueryParam("after") String after, @QueryParam("limit") int limit);

    @POST
    @Path("/namespace/directories")
    EntryStatus makeDirectories(MakeDirectory request);

    @POST
    @Path("/namespace/renames")
    EntryStatus rename(Rename request);

    @DELETE
    @Path("/namespace/entries")
    void delete(@QueryParam("path") String path, @QueryParam("recursive") boolean recursive);

    @POST
    @Path("/chunk-servers/{id}/heartbeats")
    HeartbeatReply heartbeat(@PathParam("id") String serverId, Heartbeat heartbeat);

    @POST
    @Path("/chunk-servers/{id}/block-reports")
    BlockReportReply blockReport(@PathParam("id") String serverId, BlockReport report);

    @POST
    @Path("/chunks/{id}/replicas")
    void replicaAdded(@PathParam("id") UUID chunkId, ReplicaReport report);

    @POST
    @Path("/chunks/{id}/bad-replicas")
    void badReplica(@PathParam("id") UUID chunkId, BadReplicaReport report);
}
