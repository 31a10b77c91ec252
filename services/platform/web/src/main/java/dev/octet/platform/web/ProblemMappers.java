package dev.octet.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error a service raises into an RFC 9457 problem details response. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** How long a client is told to wait before retrying a request the database could not serve. */
    static final int RETRY_AFTER_SECONDS = 2;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        return respond(e.toProblem(), uri, headers);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        boolean inResponse = e.getConstraintViolations().stream().anyMatch(ProblemMappers::isReturnValue);
        if (inResponse) {
            return unexpected(e, uri, headers);
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldName(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field));
        Problem problem = new Problem(Problem.type("validation"), "Invalid request", 400,
                "The request has " + errors.size() + " invalid field" + (errors.size() == 1 ? "" : "s") + ".",
                null, null, errors);
        return respond(problem, uri, headers);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e, UriInfo uri, HttpHeaders headers) {
        String where = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? " at " + jsonPath(mapping) : "";
        Problem problem = new Problem(Problem.type("malformed-body"), "Malformed request body", 400,
                "The body is not valid JSON for this request" + where + ": " + e.getOriginalMessage(), null, null, null);
        return respond(problem, uri, headers);
    }

    /** Quarkus maps this one itself unless told otherwise: a value of the wrong type, e.g. "x" for a UUID. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri, HttpHeaders headers) {
        return unreadable(e, uri, headers);
    }

    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        Problem problem = new Problem(Problem.type("unauthorized"), "Unauthorized", 401,
                "This request needs a valid bearer token: log in at POST /api/users/login.", null, null, null);
        return Response.fromResponse(respond(problem, uri, headers)).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        Problem problem = new Problem(Problem.type("forbidden"), "Forbidden", 403,
                "You are not allowed to do this.", null, null, null);
        return respond(problem, uri, headers);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        if (e.getCause() instanceof JsonProcessingException unreadableBody) {
            return unreadable(unreadableBody, uri, headers);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return unexpected(e, uri, headers);
        }
        Response.StatusType statusType = original.getStatusInfo();
        String slug = statusType.getReasonPhrase().toLowerCase().replace(' ', '-');
        Problem problem = new Problem(Problem.type(slug), statusType.getReasonPhrase(), status, e.getMessage(), null, null, null);
        Response.ResponseBuilder builder = Response.fromResponse(respond(problem, uri, headers));
        original.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        if (DatabaseErrors.isTransient(e)) {
            return databaseUnavailable(e, uri, headers);
        }
        String requestId = RequestIds.of(headers);
        LOG.errorf(e, "Unexpected error on %s (request %s)", uri.getPath(), requestId);
        Problem problem = new Problem(Problem.type("internal"), "Internal error", 500,
                "The service failed to handle this request; it is logged under request id " + requestId + ".",
                null, null, null);
        return respond(problem, uri, headers);
    }

    /**
     * The database, or the shard of it that holds this request's data, cannot serve it right now (or the
     * transaction lost a deadlock): nothing was written, and the same request should work shortly.
     */
    private static Response databaseUnavailable(Throwable e, UriInfo uri, HttpHeaders headers) {
        String requestId = RequestIds.of(headers);
        LOG.warnf("Database unavailable on %s (request %s): %s", uri.getPath(), requestId, rootMessage(e));
        Problem problem = new Problem(Problem.type("database-unavailable"), "Service unavailable", 503,
                "The database cannot complete this request right now (the data it needs is unreachable, "
                        + "or it lost a conflict with another transaction); nothing was changed. Retry in "
                        + RETRY_AFTER_SECONDS + " seconds.", null, null, null);
        return Response.fromResponse(respond(problem, uri, headers))
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS)).build();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    private static Response respond(Problem problem, UriInfo uri, HttpHeaders headers) {
        return problem.withRequest(uri.getPath(), RequestIds.of(headers)).toResponse();
    }

    private static boolean isReturnValue(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code create.request.items[0].quantity} becomes {@code items[0].quantity}. Bean Validation puts
     * an element's index on the node after the collection, so it is written before that node's name.
     */
    static String fieldName(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                }
                case PARAMETER -> parameter = node.getName();
                default -> {
                    if (node.isInIterable()) {
                        field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
                    }
                    if (node.getName() != null) {
                        if (field.length() > 0) {
                            field.append('.');
                        }
                        field.append(node.getName());
                    }
                }
            }
        }
        return field.length() > 0 ? field.toString() : parameter;
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
