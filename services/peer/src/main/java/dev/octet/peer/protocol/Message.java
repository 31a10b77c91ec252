package dev.octet.peer.protocol;

import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import java.util.List;

/**
 * What peers say to each other in one datagram. SWIM's messages carry membership news ({@link Gossip})
 * piggybacked; Kademlia's are requests and their answers, matched by the sender's {@code seq}.
 */
public sealed interface Message {

    /** SWIM's direct probe; also Kademlia's PING. Answered by {@link Ack}. */
    record Ping(long seq, List<Gossip> gossip) implements Message {
    }

    /** The answer to a {@link Ping}, or a relay's report that the target of a {@link PingReq} answered. */
    record Ack(long seq, List<Gossip> gossip) implements Message {
    }

    /** SWIM's indirect probe: "ping {@code target} for me". */
    record PingReq(long seq, Contact target, List<Gossip> gossip) implements Message {
    }

    /** Lifeguard: a relay's report that the target of a {@link PingReq} did not answer in time. */
    record Nack(long seq) implements Message {
    }

    /** News alone, sent to a few random members each gossip round; not answered. */
    record News(List<Gossip> gossip) implements Message {
    }

    /**
     * Anti-entropy: the sender's whole membership, in parts of what fits a datagram. A {@code reply} is
     * not answered; a request is answered with the receiver's own state.
     */
    record Sync(boolean reply, List<Gossip.Alive> alive, List<Gossip> others) implements Message {
    }

    /** Kademlia: "the k contacts you know closest to {@code target}". Answered by {@link Nodes}. */
    record FindNode(long seq, Key target) implements Message {
    }

    record Nodes(long seq, List<Contact> closest) implements Message {
    }

    /** Kademlia: "who provides {@code key}?" Answered by {@link Providers}, with closer contacts if none known. */
    record FindValue(long seq, Key key) implements Message {
    }

    record Providers(long seq, List<Contact> providers, List<Contact> closest) implements Message {
    }

    /** Kademlia's STORE: "remember that {@code provider} holds {@code key}, for {@code ttlSeconds}". */
    record Store(long seq, Key key, Contact provider, int ttlSeconds) implements Message {
    }

    record Stored(long seq) implements Message {
    }
}
