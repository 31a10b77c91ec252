package dev.octet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An operating-system process started by Octet, with its output in a log file.
 *
 * <p>Every process gets a watchdog: a tiny shell loop that stops it if the JVM that started it dies
 * without cleaning up (a test JVM killed by a timeout, a Ctrl-C that skipped shutdown hooks), so no
 * server outlives its owner.
 */
public final class ManagedProcess {

    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(20);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Process watchdog;
    private final String stopSignal;

    private ManagedProcess(String name, Process process, Path logFile, Process watchdog, String stopSignal) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.watchdog = watchdog;
        this.stopSignal = stopSignal;
    }

    /** Starts {@code command} with its standard output and error appended to {@code logFile}. */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> environment,
                                       Path workingDirectory, Path logFile) {
        return start(name, command, environment, workingDirectory, logFile, "TERM");
    }

    /**
     * As {@link #start(String, List, Map, Path, Path)}, with the signal that asks this program to stop
     * cleanly (PostgreSQL, for one, needs INT for a fast shutdown; TERM waits for every client).
     */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> environment,
                                       Path workingDirectory, Path logFile, String stopSignal) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workingDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new ManagedProcess(name, process, logFile, startWatchdog(process.pid(), stopSignal), stopSignal);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + " (" + String.join(" ", command) + ")", e);
        }
    }

    private static Process startWatchdog(long childPid, String stopSignal) throws IOException {
        long ownerPid = ProcessHandle.current().pid();
        String loop = "while kill -0 \"$1\" 2>/dev/null; do kill -0 \"$2\" 2>/dev/null || exit 0; sleep 1; done; "
                + "kill -" + stopSignal + " \"$2\" 2>/dev/null; sleep 10; kill -KILL \"$2\" 2>/dev/null";
        return new ProcessBuilder("sh", "-c", loop, "octet-watchdog", Long.toString(ownerPid), Long.toString(childPid))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Asks the process to stop (SIGTERM) and kills it if it has not stopped after a grace period. */
    public void stop() {
        stop(DEFAULT_GRACE);
    }

    public void stop(Duration grace) {
        if (process.isAlive()) {
            signal(stopSignal);
            if (!waitFor(grace)) {
                killTree();
            }
        }
        watchdog.destroyForcibly();
    }

    /** Kills the process and its children at once (SIGKILL), as a crash would. */
    public void kill() {
        killTree();
        watchdog.destroyForcibly();
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void killTree() {
        List<ProcessHandle> victims = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        victims.forEach(ProcessHandle::destroyForcibly);
        waitFor(Duration.ofSeconds(30));
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the log, for error messages. */
    public String tail(int lines) {
        return LogTail.of(logFile, lines);
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ", log " + logFile + ")";
    }
}
