package dev.octet.router.protocol;

/**
 * One typed protocol message as it travels on the wire: a type byte and its payload (the length
 * word is implied). Shard replies are read as these and relayed to clients without re-encoding.
 */
public record PgMessage(byte type, byte[] payload) {

    public char kind() {
        return (char) type;
    }

    public int wireLength() {
        return payload.length + 5;
    }

    @Override
    public String toString() {
        return "PgMessage[" + kind() + ", " + payload.length + " bytes]";
    }
}
