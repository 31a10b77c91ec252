package dev.octet.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem details document. {@code type} is stable and names the kind of problem;
 * {@code detail} tells a human what went wrong with this request; {@code errors} lists field errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(URI type, String title, int status, String detail, String instance, String requestId,
                      List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://octet.dev/problems/";

    /** One invalid field of the request: its path (e.g. {@code items[0].quantity}) and why. */
    public record FieldError(String field, String message) {
    }

    public static URI type(String slug) {
        return URI.create(TYPE_BASE + slug);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    public Problem withRequest(String path, String requestIdValue) {
        return new Problem(type, title, status, detail, path, requestIdValue, errors);
    }
}
