package dev.octet.platform.identity;

/** A caller's identity could not be accepted; the message says why, for the log and the caller. */
public class IdentityRefused extends Exception {

    public IdentityRefused(String message) {
        super(message);
    }

    public IdentityRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
