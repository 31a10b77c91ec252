package dev.octet.peer.membership;

import dev.octet.peer.model.Contact;

/** A member as one peer sees it: what it is, at which incarnation, and since when (scheduler millis). */
public record Member(Contact contact, MemberState state, long incarnation, long sinceMillis) {
}
