package dev.octet.platform.web;

import jakarta.ws.rs.core.Response.Status;

/**
 * Thrown by services for a request that cannot be served; becomes a problem details response.
 * Use the factories: they fix the stable {@code type} for each kind of problem.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;

    public ProblemException(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Status.NOT_FOUND.getStatusCode(), "not-found", "Not found", detail);
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(Status.CONFLICT.getStatusCode(), slug, "Conflict", detail);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Status.BAD_REQUEST.getStatusCode(), "bad-request", "Bad request", detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(Status.UNAUTHORIZED.getStatusCode(), "unauthorized", "Unauthorized", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Status.FORBIDDEN.getStatusCode(), "forbidden", "Forbidden", detail);
    }

    public Problem toProblem() {
        return new Problem(Problem.type(slug), title, status, getMessage(), null, null, null);
    }
}
