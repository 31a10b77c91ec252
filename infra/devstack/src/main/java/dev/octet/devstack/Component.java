package dev.octet.devstack;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** One process of the devstack: a piece of infrastructure or a service. */
interface Component {

    String name();

    /** Ports it listens on; all must be free before the stack starts. */
    List<Integer> ports();

    /** What a user opens or connects to, for the table printed when the stack is up. */
    String address();

    /** What {@link #start()} waits for, shown while it waits. */
    String readiness();

    /** Starts the process and returns once it is ready; throws with its last log lines if it is not. */
    void start();

    /** Stops the process cleanly. */
    void stop();

    /** Kills the process (SIGKILL), as a crash would. */
    void kill();

    boolean isRunning();

    OptionalLong pid();

    Path logFile();
}
