/**
 * The peer protocol on the wire: the messages, node keys (Ed25519; the id is the hash of the public key), and
 * the codec that signs every datagram and rejects, with a counted reason, any that is oversized, malformed,
 * or not signed by the key its id names.
 */
package dev.octet.peer.protocol;
