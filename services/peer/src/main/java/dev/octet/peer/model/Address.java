package dev.octet.peer.model;

/** Where a peer listens: its UDP port and HTTP port are the same number. */
public record Address(String host, int port) {

    /** Host names longer than this are refused: they must fit in a datagram beside 19 others. */
    public static final int MAX_HOST_LENGTH = 253;

    public Address {
        if (host == null || host.isBlank() || host.length() > MAX_HOST_LENGTH) {
            throw new IllegalArgumentException("a host of 1 to " + MAX_HOST_LENGTH + " characters, not '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a port from 1 to 65535, not " + port);
        }
    }

    /** {@code host:port}. */
    public static Address parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("host:port, not '" + text + "'");
        }
        try {
            return new Address(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("host:port, not '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
