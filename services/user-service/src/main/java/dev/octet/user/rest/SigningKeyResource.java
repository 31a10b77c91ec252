package dev.octet.user.rest;

import dev.octet.platform.access.CalledBy;
import dev.octet.user.service.SigningKeys;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The operator's lever on the token signing keys: a rotation now, whatever the rotation period says, as
 * when a key may have leaked. The new key is published at once and signs after {@code octet.jwt.publish-ahead};
 * tokens signed by the old one verify until they expire.
 */
@Path("/admin/signing-keys")
@CalledBy(operators = true)
public class SigningKeyResource {

    /** A key as the operator sees it: never its private half. */
    public record KeyView(String kid, int generation, Instant signsFrom) {
    }

    private final SigningKeys keys;

    public SigningKeyResource(SigningKeys keys) {
        this.keys = keys;
    }

    @POST
    @Path("/rotations")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<KeyView>> rotate() {
        return keys.rotate().map(key -> RestResponse.status(RestResponse.Status.CREATED,
                new KeyView(key.kid(), key.generation(), key.signsFrom())));
    }
}
