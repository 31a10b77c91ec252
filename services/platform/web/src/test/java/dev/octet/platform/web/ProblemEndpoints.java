package dev.octet.platform.web;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.vertx.pgclient.PgException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** Endpoints that fail in each way a service can, for {@link ProblemMappersTest}. */
@Path("/problems")
public class ProblemEndpoints {

    public record Order(@NotNull @Size(min = 1) List<@NotNull @Valid Line> items, @NotBlank String note) {
    }

    public record Line(@NotNull UUID productId, @NotNull @Min(1) @Max(10) Integer quantity) {
    }

    @GET
    @Path("/missing")
    public String missing() {
        throw ProblemException.notFound("There is no widget 7.");
    }

    @GET
    @Path("/conflict")
    public String conflict() {
        throw ProblemException.conflict("widget-taken", "Widget 7 is taken.");
    }

    @POST
    @Path("/orders")
    public String order(@NotNull @Valid Order order) {
        return "accepted";
    }

    @GET
    @Path("/pages")
    public String page(@Valid @BeanParam PageRequest page) {
        return page.page + "/" + page.size;
    }

    @GET
    @Path("/unauthenticated")
    public String unauthenticated() {
        throw new AuthenticationFailedException("token expired");
    }

    @GET
    @Path("/forbidden")
    public String forbidden() {
        throw new ForbiddenException();
    }

    @GET
    @Path("/gone")
    public String gone() {
        throw new WebApplicationException("Widget 7 was removed.",
                Response.status(Response.Status.GONE).header("X-Widget", "7").build());
    }

    @GET
    @Path("/bug")
    public String bug() {
        throw new IllegalStateException("an invariant broke");
    }

    @GET
    @Path("/database/{failure}")
    @jakarta.ws.rs.Produces(MediaType.TEXT_PLAIN)
    public String database(@PathParam("failure") String failure) throws Exception {
        throw switch (failure) {
            case "unreachable" -> new IllegalStateException(new SQLException("connection failure", "08006"));
            case "deadlock" -> new RuntimeException(new PgException("deadlock detected", "ERROR", "40P01", null));
            case "shutdown" -> new PgException("terminating connection", "FATAL", "57P01", null);
            case "no-connection" -> new IllegalStateException(new ConnectException("Connection refused"));
            default -> new SQLException("duplicate key value", "23505");
        };
    }
}
