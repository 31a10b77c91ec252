package dev.octet.router.protocol;

/** A client broke the wire protocol: the connection gets a FATAL 08P01 and is closed. */
public final class ProtocolViolation extends RuntimeException {

    public ProtocolViolation(String message) {
        super(message);
    }
}
