package dev.octet.peer.membership;

/** A member's state in one peer's view. */
public enum MemberState {
    ALIVE, SUSPECT, DEAD, LEFT;

    /** Dead or departed: not probed, not asked to relay, not offered to others as a contact. */
    public boolean gone() {
        return this == DEAD || this == LEFT;
    }
}
