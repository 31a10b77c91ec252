package dev.octet.local;

/** What every local server shares: the one process it runs, stopped cleanly or killed. */
abstract class ProcessBackedServer implements LocalServer {

    protected ManagedProcess process;

    @Override
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public ManagedProcess process() {
        return process;
    }

    /** Stops the server cleanly (its own stop signal, then SIGKILL after a grace period). */
    @Override
    public synchronized void stop() {
        if (process != null) {
            process.stop();
        }
    }

    /** Kills the server as a crash would (SIGKILL). */
    @Override
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }
}
