package dev.octet.local;

/** A server run as a local process: started, stopped cleanly, or killed as a crash would. */
public interface LocalServer extends AutoCloseable {

    /** Starts the server and returns once it serves clients. */
    LocalServer start();

    /** Stops the server cleanly; its data stays for the next start. */
    void stop();

    /** Kills the server at once (SIGKILL). */
    void kill();

    boolean isRunning();

    /** The running process, or null before the first start. */
    ManagedProcess process();

    @Override
    default void close() {
        stop();
    }
}
