package dev.octet.peer.protocol;

import dev.octet.peer.model.Contact;

/** A message with its verified sender: the id is the hash of the key that signed it. */
public record Envelope(Contact sender, Message message) {
}
