package dev.octet.user.rest;

import dev.octet.platform.web.Page;
import dev.octet.platform.web.PageRequest;
import dev.octet.user.model.LoginRequest;
import dev.octet.user.model.RegisterRequest;
import dev.octet.user.model.TokenView;
import dev.octet.user.model.UpdateUserRequest;
import dev.octet.user.model.UserView;
import dev.octet.user.service.UserService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

@Path("/users")
public class UserResource {

    private final UserService service;
    private final JsonWebToken caller;

    public UserResource(UserService service, JsonWebToken caller) {
        this.service = service;
        this.caller = caller;
    }

    @POST
    @PermitAll
    @Operation(summary = "Register a new account")
    public Uni<Response> register(@NotNull @Valid RegisterRequest request, UriInfo uri) {
        return service.register(request).map(user -> Response
                .created(uri.getAbsolutePathBuilder().path(user.id.toString()).build())
                .type(MediaType.APPLICATION_JSON)
                .entity(UserView.of(user)).build());
    }

    @POST
    @Path("/login")
    @PermitAll
    @Operation(summary = "Log in; returns a signed JWT to send as 'Authorization: Bearer <token>'")
    public Uni<TokenView> login(@NotNull @Valid LoginRequest request) {
        return service.login(request);
    }

    @GET
    @Authenticated
    @SecurityRequirement(name = "jwt")
    public Uni<Page<UserView>> list(@Valid @BeanParam PageRequest page) {
        return service.list(page).map(result -> result.map(UserView::of));
    }

    @GET
    @Path("/me")
    @Authenticated
    public Uni<UserView> me() {
        return service.get(callerId()).map(UserView::of);
    }

    @GET
    @Path("/{id}")
    @Authenticated
    public Uni<UserView> get(@PathParam("id") UUID id) {
        return service.get(id).map(UserView::of);
    }

    @PATCH
    @Path("/{id}")
    @Authenticated
    @Operation(summary = "Change your own name or password")
    public Uni<UserView> update(@PathParam("id") UUID id, @NotNull @Valid UpdateUserRequest request) {
        return service.update(id, callerId(), request).map(UserView::of);
    }

    private UUID callerId() {
        return UUID.fromString(caller.getSubject());
    }
}
