package dev.octet.peer.membership;

import dev.octet.peer.model.Contact;

/** A change in one peer's view of the membership. */
public record MembershipEvent(Kind kind, Contact member, long incarnation) {

    public enum Kind {
        /** Seen for the first time, or again after it was dead or had left. */
        JOINED,
        SUSPECTED,
        /** A suspect refuted its suspicion with a higher incarnation. */
        REFUTED,
        DEAD,
        LEFT
    }

    /** Receives changes on the peer's thread; must not block it. */
    public interface Listener {
        void changed(MembershipEvent event);
    }
}
