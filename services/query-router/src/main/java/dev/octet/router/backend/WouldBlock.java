package dev.octet.router.backend;

/**
 * Work attempted on an event loop would have to wait (for a new shard connection, or for a catalog
 * look-up). Raised before anything was sent, so the session can run the same step again on a worker.
 */
public final class WouldBlock extends RuntimeException {

    public WouldBlock(String what) {
        super(what + " must wait, which an event loop may not", null, false, false);
    }
}
