package dev.octet.metadata.rest;

import dev.octet.filesystem.api.v1.EntryStatus;
import dev.octet.filesystem.api.v1.Listing;
import dev.octet.filesystem.api.v1.MakeDirectory;
import dev.octet.filesystem.api.v1.Rename;
import dev.octet.metadata.service.NamespaceService;
import dev.octet.platform.access.CalledBy;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

/** The namespace: what is where. Paths are passed as the {@code path} query parameter. */
@Path("/namespace")
@CalledBy("chunk-server")
public class NamespaceResource {

    private final NamespaceService namespace;

    public NamespaceResource(NamespaceService namespace) {
        this.namespace = namespace;
    }

    @GET
    @Path("/entries")
    public Uni<EntryStatus> stat(@QueryParam("path") String path) {
        return namespace.stat(path);
    }

    @GET
    @Path("/children")
    public Uni<Listing> list(@QueryParam("path") String path, @QueryParam("after") String after,
                             @QueryParam("limit") @DefaultValue("100") int limit) {
        return namespace.list(path, after, limit);
    }

    @POST
    @Path("/directories")
    @ResponseStatus(201)
    public Uni<EntryStatus> mkdir(@Valid @NotNull MakeDirectory request) {
        return namespace.makeDirectories(request.path());
    }

    @POST
    @Path("/renames")
    public Uni<EntryStatus> rename(@Valid @NotNull Rename request) {
        return namespace.rename(request.from(), request.to());
    }

    @DELETE
    @Path("/entries")
    public Uni<RestResponse<Void>> delete(@QueryParam("path") String path,
                                          @QueryParam("recursive") @DefaultValue("false") boolean recursive) {
        return namespace.delete(path, recursive).map(ignored -> RestResponse.noContent());
    }
}
