/**
 * The peer protocol on a real network: the UDP socket (Vert.x) and the event loop the protocols run on.
 * The simulator provides the same two interfaces on virtual time.
 */
package dev.octet.peer.transport;
