package dev.octet.router.execution;

import dev.octet.router.protocol.PgMessage;

/** Where a statement's results go: the client connection, in the protocol it speaks. */
public interface ResultSink {

    /** A DataRow, as it goes on the wire. */
    void row(PgMessage dataRow);

    /**
     * Any other message, relayed: a RowDescription (sent in the simple protocol only; the extended one
     * answered Describe), NoticeResponse, ParameterStatus, EmptyQueryResponse, PortalSuspended.
     */
    void relay(PgMessage message);

    /** The CommandComplete tag. */
    void complete(String tag);

    /** True while the client reads slower than results arrive (relaying on an event loop should pause). */
    default boolean saturated() {
        return false;
    }

    /** Runs {@code resume} once the client has caught up. */
    default void whenDrained(Runnable resume) {
        resume.run();
    }
}
