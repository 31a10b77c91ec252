package dev.octet.chunk.client;

import dev.octet.filesystem.api.v1.BadReplicaReport;
import dev.octet.filesystem.api.v1.BlockReport;
import dev.octet.filesystem.api.v1.BlockReportReply;
import dev.octet.filesystem.api.v1.ChunkBatch;
import dev.octet.filesystem.api.v1.ChunkBatchReply;
import dev.octet.filesystem.api.v1.CommitRequest;
import dev.octet.filesystem.api.v1.EntryStatus;
import dev.octet.filesystem.api.v1.Heartbeat;
import dev.octet.filesystem.api.v1.HeartbeatReply;
import dev.octet.filesystem.api.v1.LeaseRenewal;
import dev.octet.filesystem.api.v1.Listing;
import dev.octet.filesystem.api.v1.MakeDirectory;
import dev.octet.filesystem.api.v1.ReadPlan;
import dev.octet.filesystem.api.v1.Rename;
import dev.octet.filesystem.api.v1.ReplicaReport;
import dev.octet.filesystem.api.v1.UploadLease;
import dev.octet.filesystem.api.v1.UploadProgress;
import dev.octet.filesystem.api.v1.UploadRequest;
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
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The metadata service's HTTP API. Use it through {@link MetadataClient}, which adds the fault tolerance. */
@RegisterRestClient(configKey = "metadata")
@RegisterProvider(MetadataProblemMapper.class)
@RegisterClientHeaders(MetadataCaller.class)
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
