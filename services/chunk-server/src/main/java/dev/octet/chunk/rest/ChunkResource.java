package dev.octet.chunk.rest;

import dev.octet.chunk.client.PeerClient;
import dev.octet.chunk.format.ChunkFormat;
import dev.octet.chunk.format.CorruptChunkException;
import dev.octet.chunk.format.VerifiedFrameStream;
import dev.octet.chunk.model.StoredReplica;
import dev.octet.chunk.service.ReplicaService;
import dev.octet.chunk.storage.ReplicaMissingException;
import dev.octet.platform.access.CalledBy;
import dev.octet.platform.web.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * The replica API other chunk servers use (never routed to clients): store a chunk, read some of its
 * frames. Both stream, and both verify checksums on the way.
 */
@Path("/chunks")
@CalledBy("chunk-server")
public class ChunkResource {

    private final ReplicaService replicas;

    public ChunkResource(ReplicaService replicas) {
        this.replicas = replicas;
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response store(@PathParam("id") UUID chunkId, @HeaderParam("Content-Length") Long contentLength,
                          @HeaderParam(PeerClient.CHUNK_LENGTH_HEADER) Long chunkLength, InputStream body) throws IOException {
        if (contentLength == null || chunkLength == null) {
            throw ProblemException.badRequest("A chunk upload needs Content-Length and " + PeerClient.CHUNK_LENGTH_HEADER + ".");
        }
        try {
            StoredReplica stored = replicas.store(chunkId, chunkLength, contentLength, body);
            return Response.status(201).entity(stored).build();
        } catch (CorruptChunkException | EOFException e) {
            throw new ProblemException(400, "corrupt-chunk", "Corrupt chunk",
                    "Chunk " + chunkId + " arrived damaged and was not stored: " + e.getMessage());
        }
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response read(@PathParam("id") UUID chunkId, @QueryParam("length") long chunkLength,
                         @QueryParam("from") int first, @QueryParam("to") int last) throws IOException {
        VerifiedFrameStream frames;
        byte[] head = new byte[ChunkFormat.CRC_SIZE + ChunkFormat.BLOCK_SIZE];
        int headLength;
        try {
            frames = replicas.openFrames(chunkId, chunkLength, first, last);
            // The first frame is read (and verified) before answering, so a replica that is plainly
            // bad gets a clean error status instead of a broken stream.
            headLength = frames.readNBytes(head, 0, head.length);
        } catch (ReplicaMissingException e) {
            throw new ProblemException(404, "replica-missing", "Replica missing", e.getMessage());
        } catch (CorruptChunkException e) {
            replicas.readFailed(chunkId, e);
            throw new ProblemException(500, "corrupt-replica", "Corrupt replica",
                    "This server's replica of chunk " + chunkId + " is corrupt (" + e.getMessage() + "); it has been reported.");
        }
        StreamingOutput stream = out -> {
            try (InputStream rest = frames) {
                out.write(head, 0, headLength);
                rest.transferTo(out);
            } catch (CorruptChunkException e) {
                replicas.readFailed(chunkId, e);
                throw e;
            }
        };
        return Response.ok(stream)
                .header("Content-Length", ChunkFormat.framesSize(chunkLength, first, last))
                .build();
    }
}
