package dev.octet.gateway.client;

/** Why a request could not be forwarded, in the terms that decide what happens next (retry, breaker, answer). */
public final class ForwardingFailure extends RuntimeException {

    public enum Kind {
        /** No connection to the target: nothing was sent, so any request may be tried again. */
        CONNECT_FAILED,
        /** Every target's breaker is open: nothing was sent. */
        CIRCUIT_OPEN,
        /** Nothing moved for the idle timeout before the response started. */
        TIMED_OUT,
        /** The connection broke after the request started and before a response. */
        RESET,
        /** The client went away; nobody is waiting for an answer. */
        CLIENT_GONE
    }

    private final Kind kind;
    private final String target;

    private ForwardingFailure(Kind kind, String target, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.target = target;
    }

    static ForwardingFailure connectFailed(UpstreamTarget target, Throwable cause) {
        return new ForwardingFailure(Kind.CONNECT_FAILED, target.label(),
                "no connection to " + target.label() + " (" + describe(cause) + ")", cause);
    }

    static ForwardingFailure circuitOpen() {
        return new ForwardingFailure(Kind.CIRCUIT_OPEN, null, "every target's circuit breaker is open", null);
    }

    static ForwardingFailure timedOut(UpstreamTarget target, long idleMillis) {
        return new ForwardingFailure(Kind.TIMED_OUT, target.label(),
                target.label() + " sent nothing for " + idleMillis + " ms", null);
    }

    static ForwardingFailure reset(UpstreamTarget target, Throwable cause) {
        return new ForwardingFailure(Kind.RESET, target.label(),
                target.label() + " closed the connection without answering (" + describe(cause) + ")", cause);
    }

    static ForwardingFailure clientGone(UpstreamTarget target, Throwable cause) {
        return new ForwardingFailure(Kind.CLIENT_GONE, target.label(), "the client closed the connection", cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The target ({@code host:port}) the last attempt went to, or null if none was tried. */
    public String target() {
        return target;
    }

    /** True if the target never saw the request, so sending it again cannot apply it twice. */
    public boolean nothingSent() {
        return kind == Kind.CONNECT_FAILED || kind == Kind.CIRCUIT_OPEN;
    }

    /** True for the failures that speak of the target's health and count towards opening its breaker. */
    public boolean countsAgainstTarget() {
        return kind == Kind.CONNECT_FAILED || kind == Kind.TIMED_OUT || kind == Kind.RESET;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no reason given";
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
