package dev.octet.chunk.rest;

import dev.octet.chunk.client.MetadataClient;
import dev.octet.chunk.config.FrontDoorConfig;
import dev.octet.chunk.service.ChunkStreamer;
import dev.octet.chunk.service.FileUploader;
import dev.octet.filesystem.api.v1.EntryStatus;
import dev.octet.filesystem.api.v1.ReadPlan;
import dev.octet.platform.access.CalledBy;
import dev.octet.platform.web.Problem;
import dev.octet.platform.web.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Date;

/**
 * The file system as clients see it (the gateway routes {@code /api/files/**} here, to any chunk
 * server): {@code PUT} streams a file in, {@code GET} streams it out (with Range and ETag) or lists a
 * directory, {@code DELETE} removes, {@code POST ?op=mkdir|rename} changes the namespace, and
 * {@code GET ?op=stat|list|progress|locations} shows metadata. File bytes flow between the client and
 * the chunk servers; the metadata service only hands out leases and locations.
 */
@Path("/")
@CalledBy("gateway")
public class FileResource {

    private static final String FILES = "files{path: (/.*)?}";
    /** Optional upload header: this file's chunk size in bytes (64 KiB to 1 GiB). */
    public static final String CHUNK_SIZE = "X-Octet-Chunk-Size";

    private final MetadataClient metadata;
    private final FileUploader uploader;
    private final ChunkStreamer streamer;
    private final FrontDoorConfig config;

    public FileResource(MetadataClient metadata, FileUploader uploader, ChunkStreamer streamer, FrontDoorConfig config) {
        this.metadata = metadata;
        this.uploader = uploader;
        this.streamer = streamer;
        this.config = config;
    }

    @PUT
    @Path(FILES)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@PathParam("path") String path, @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
                           @HeaderParam("If-Match") String ifMatch, @HeaderParam("If-None-Match") String ifNoneMatch,
                           @HeaderParam(CHUNK_SIZE) String chunkSize, InputStream body) throws IOException {
        if (contentLength == null) {
            throw new ProblemException(411, "length-required", "Length required",
                    "Send the file's size in Content-Length (curl -T does); streamed uploads of unknown length are not accepted.");
        }
        long size = parseLength(contentLength);
        if (size > config.maxFileSize().asLongValue()) {
            throw new ProblemException(413, "file-too-large", "File too large",
                    "Files may be at most " + config.maxFileSize().asLongValue() + " bytes; this one is " + size + ".");
        }
        if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
            throw ProblemException.badRequest("On a PUT, If-None-Match may only be '*' (create only if absent).");
        }
        EntryStatus status = uploader.upload(filePath(path), size, body,
                new FileUploader.Preconditions(ifMatch == null ? null : ETags.unquote(ifMatch), ifNoneMatch != null),
                new FileUploader.Layout(chunkSize == null ? null : parseLength(chunkSize)));
        return Response.status(201).entity(status).tag(ETags.of(status.etag())).build();
    }

    @GET
    @Path(FILES)
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response get(@PathParam("path") String path, @QueryParam("op") String op, @QueryParam("after") String after,
                        @QueryParam("limit") @DefaultValue("100") int limit, @HeaderParam("Range") String range,
                        @HeaderParam("If-None-Match") String ifNoneMatch, @HeaderParam("If-Range") String ifRange) {
        String file = filePath(path);
        if (op == null) {
            ReadPlan plan;
            try {
                plan = metadata.readPlan(file);
            } catch (ProblemException e) {
                if (isDirectoryProblem(e)) {
                    return json(metadata.list(file, after, limit));
                }
                throw e;
            }
            return download(plan, range, ifNoneMatch, ifRange);
        }
        return switch (op) {
            case "stat" -> json(metadata.stat(file));
            case "list" -> json(metadata.list(file, after, limit));
            case "progress" -> json(metadata.progress(file));
            case "locations" -> json(metadata.readPlan(file));
            default -> throw ProblemException.badRequest("Unknown op '" + op + "'; use stat, list, progress or locations.");
        };
    }

    @HEAD
    @Path(FILES)
    public Response head(@PathParam("path") String path) {
        EntryStatus status = metadata.stat(filePath(path));
        if (status.isDirectory()) {
            return Response.ok().header("X-Octet-Kind", status.kind()).build();
        }
        return Response.ok()
                .header("X-Octet-Kind", status.kind())
                .header(HttpHeaders.CONTENT_LENGTH, status.size())
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM)
                .header("Accept-Ranges", "bytes")
                .header("X-Octet-Generation", status.generation())
                .lastModified(Date.from(status.modifiedAt().toInstant()))
                .tag(ETags.of(status.etag()))
                .build();
    }

    @DELETE
    @Path(FILES)
    public Response delete(@PathParam("path") String path, @QueryParam("recursive") @DefaultValue("false") boolean recursive) {
        metadata.delete(filePath(path), recursive);
        return Response.noContent().build();
    }

    @POST
    @Path(FILES)
    @Produces(MediaType.APPLICATION_JSON)
    public Response namespace(@PathParam("path") String path, @QueryParam("op") String op, @QueryParam("to") String to) {
        String file = filePath(path);
        if ("mkdir".equals(op)) {
            return Response.status(201).entity(metadata.makeDirectories(file)).build();
        }
        if ("rename".equals(op)) {
            if (to == null || to.isBlank()) {
                throw ProblemException.badRequest("A rename needs the new path in the 'to' query parameter.");
            }
            return json(metadata.rename(file, to));
        }
        throw ProblemException.badRequest("POST needs op=mkdir or op=rename&to=/new/path.");
    }

    private Response download(ReadPlan plan, String range, String ifNoneMatch, String ifRange) {
        String etag = plan.etag();
        if (ifNoneMatch != null && ETags.matches(ifNoneMatch, etag)) {
            return Response.notModified(ETags.of(etag)).build();
        }
        ByteRange bytes;
        boolean partial = range != null && (ifRange == null || ETags.matches(ifRange, etag));
        try {
            bytes = partial ? ByteRange.parse(range, plan.size()) : ByteRange.whole(plan.size());
        } catch (ByteRange.NotSatisfiable e) {
            return Response.status(416)
                    .header("Content-Range", "bytes */" + e.size())
                    .type(Problem.MEDIA_TYPE)
                    .entity(new Problem(Problem.type("range-not-satisfiable"), "Range not satisfiable", 416,
                            e.getMessage(), null, null, null))
                    .build();
        }
        requireReplicas(plan, bytes);
        StreamingOutput body = out -> {
            if (bytes.length() > 0) {
                streamer.copy(plan, bytes.first(), bytes.last(), out);
            }
        };
        Response.ResponseBuilder response = Response.status(partial ? 206 : 200)
                .entity(body)
                .type(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_LENGTH, bytes.length())
                .header("Accept-Ranges", "bytes")
                .header("X-Octet-Generation", plan.generation())
                .lastModified(Date.from(plan.modifiedAt().toInstant()))
                .tag(ETags.of(etag));
        if (partial) {
            response.header("Content-Range", "bytes " + bytes.first() + "-" + bytes.last() + "/" + plan.size());
        }
        return response.build();
    }

    /** Fails before any byte is sent if some chunk of the range has no live replica at all. */
    private static void requireReplicas(ReadPlan plan, ByteRange bytes) {
        for (ReadPlan.ChunkLocation chunk : plan.chunks()) {
            boolean needed = chunk.end() > bytes.first() && chunk.offset() <= bytes.last();
            if (needed && chunk.replicas().isEmpty()) {
                throw new ProblemException(503, "chunk-unavailable", "Chunk unavailable", "Chunk " + chunk.index() + " of "
                        + plan.path() + " has no replica on a live chunk server right now; try again later.");
            }
        }
    }

    private static boolean isDirectoryProblem(ProblemException e) {
        return e.toProblem().type().getPath().endsWith("/is-a-directory");
    }

    private static Response json(Object entity) {
        return Response.ok(entity, MediaType.APPLICATION_JSON).build();
    }

    private static String filePath(String path) {
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static long parseLength(String contentLength) {
        try {
            long length = Long.parseLong(contentLength.trim());
            if (length < 0) {
                throw new NumberFormatException();
            }
            return length;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Content-Length '" + contentLength + "' is not a size in bytes.");
        }
    }
}
