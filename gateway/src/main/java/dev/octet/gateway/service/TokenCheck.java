package dev.octet.gateway.service;

/** The verdict on a request's bearer token, with a sentence for the client when it is refused. */
public record TokenCheck(Outcome outcome, String detail) {

    public enum Outcome {
        VALID,
        /** No token, a malformed header, or a token that fails verification: 401. */
        REFUSED,
        /** The keys to verify it with could not be fetched: 503, the client is not at fault. */
        KEYS_UNAVAILABLE
    }

    static TokenCheck valid() {
        return new TokenCheck(Outcome.VALID, null);
    }

    static TokenCheck refused(String detail) {
        return new TokenCheck(Outcome.REFUSED, detail);
    }

    static TokenCheck keysUnavailable(String detail) {
        return new TokenCheck(Outcome.KEYS_UNAVAILABLE, detail);
    }
}
