package dev.octet.router.transaction;

import dev.octet.router.backend.ShardConnection;

/** A shard taking part in the current transaction, through the connection the session holds. */
public final class Participant {

    private final ShardConnection connection;
    private boolean inBlock;
    private boolean wrote;
    private boolean awaitingSync;

    Participant(ShardConnection connection) {
        this.connection = connection;
    }

    public int shard() {
        return connection.shard();
    }

    public ShardConnection connection() {
        return connection;
    }

    /** True once BEGIN was sent: the shard's work waits for the router's COMMIT or PREPARE. */
    public boolean inBlock() {
        return inBlock;
    }

    void markInBlock() {
        inBlock = true;
    }

    /** True if a statement changed data on this shard in this transaction. */
    public boolean wrote() {
        return wrote;
    }

    public void markWrote() {
        wrote = true;
    }

    /** True while extended-protocol work was flushed but not yet ended with a Sync. */
    public boolean awaitingSync() {
        return awaitingSync;
    }

    public void setAwaitingSync(boolean awaitingSync) {
        this.awaitingSync = awaitingSync;
    }

    /** Ends pending extended-protocol work with a Sync, so a simple query may follow. */
    public void settle() {
        if (awaitingSync) {
            awaitingSync = false;
            connection.send(dev.octet.router.protocol.ClientMessages.SYNC);
            connection.flush();
            connection.skipToReady();
        }
    }
}
