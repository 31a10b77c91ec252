package dev.octet.peer.runtime;

import dev.octet.peer.model.Address;
import dev.octet.peer.protocol.Message;

/** Sends a message to an address, fire and forget: datagrams are lost, and the protocols expect it. */
public interface Transport {

    void send(Address to, Message message);

    /** The largest message this transport carries, in bytes; senders fill piggybacked news up to it. */
    int maxBytes();

    /** The bytes of a message spent on header and signature, which the payload budget leaves out. */
    int overhead();
}
