package dev.octet.peer.protocol;

/** Why a datagram was dropped unread; each reason is counted. */
public enum Rejection {
    /** Longer than the largest message a peer sends. */
    OVERSIZED,
    /** Not a message of this protocol, or cut short, or with bytes left over. */
    MALFORMED,
    /** The sender's id is not the hash of the key it signed with. */
    ID_MISMATCH,
    /** The signature is not the sender key's over the message. */
    BAD_SIGNATURE;

    /** Thrown by the decoder, with what was wrong. */
    public static final class RejectedMessage extends Exception {
        private final Rejection reason;

        public RejectedMessage(Rejection reason, String detail) {
            super(reason + ": " + detail, null, false, false);
            this.reason = reason;
        }

        public Rejection reason() {
            return reason;
        }
    }
}
