package dev.octet.peer.node;

import dev.octet.peer.dht.DhtConfig;
import dev.octet.peer.membership.MembershipConfig;

/** A peer's protocol parameters: SWIM's and Kademlia's. */
public record PeerConfig(MembershipConfig membership, DhtConfig dht) {

    public static PeerConfig defaults() {
        return new PeerConfig(MembershipConfig.lan(), DhtConfig.defaults());
    }
}
