package dev.octet.peer.protocol;

import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;

/**
 * Membership news, spread by piggybacking on probes (SWIM's dissemination component). Each names a member
 * and the incarnation it speaks of; only the member itself raises its incarnation, to refute a suspicion.
 */
public sealed interface Gossip {

    Key member();

    long incarnation();

    /** The member is alive at this incarnation (also how a member joins or refutes). */
    record Alive(Contact contact, long incarnation) implements Gossip {
        @Override
        public Key member() {
            return contact.id();
        }
    }

    /** {@code from} suspects the member: it failed a direct and every indirect probe. */
    record Suspect(Key member, long incarnation, Key from) implements Gossip {
    }

    /** The member is dead ({@code from} let its suspicion time out), or has left ({@code from} is the member). */
    record Dead(Key member, long incarnation, Key from) implements Gossip {
        public boolean left() {
            return member.equals(from);
        }
    }
}
