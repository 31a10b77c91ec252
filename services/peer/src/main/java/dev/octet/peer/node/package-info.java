/** A peer's protocols put together: SWIM membership and the Kademlia DHT over one transport and one thread. */
package dev.octet.peer.node;
