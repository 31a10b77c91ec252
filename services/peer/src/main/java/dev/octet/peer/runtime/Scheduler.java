package dev.octet.peer.runtime;

/**
 * The one thread a peer's protocol state lives on, and its clock: a Vert.x context in a running peer, a
 * discrete-event loop with virtual time in the simulation. Everything a peer does runs through it, so the
 * protocol code holds no locks.
 */
public interface Scheduler {

    /** Milliseconds on this scheduler's clock (monotonic; virtual in the simulation). */
    long now();

    /** Runs {@code task} on the peer's thread after {@code delayMillis}. */
    Timer schedule(long delayMillis, Runnable task);

    /** Runs {@code task} on the peer's thread, soon. */
    void execute(Runnable task);

    /** A scheduled task. */
    interface Timer {
        void cancel();
    }
}
