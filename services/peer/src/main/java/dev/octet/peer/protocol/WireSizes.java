package dev.octet.peer.protocol;

import dev.octet.peer.model.Address;
import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import java.nio.charset.StandardCharsets;

/** How many bytes each part of a message takes on the wire, for senders that fill a datagram to its budget. */
public final class WireSizes {

    /** A message's sequence number. */
    public static final int SEQ = 8;
    /** A list's length prefix (gossip lists; contact lists take 1). */
    public static final int LIST = 2;
    /** The least a piece of gossip can take: an alive message naming a one-character host. */
    public static final int SMALLEST_GOSSIP = 1 + Key.BYTES + 1 + 1 + 2 + 8;

    private WireSizes() {
    }

    public static int of(Address address) {
        return 1 + address.host().getBytes(StandardCharsets.UTF_8).length + 2;
    }

    public static int of(Contact contact) {
        return Key.BYTES + of(contact.address());
    }

    public static int of(Gossip gossip) {
        return gossip instanceof Gossip.Alive alive ? 1 + of(alive.contact()) + 8 : 1 + Key.BYTES + 8 + Key.BYTES;
    }
}
