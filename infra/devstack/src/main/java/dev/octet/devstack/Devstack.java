package dev.octet.devstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code ./octet up}: starts the whole deployment on this machine and keeps it up until Ctrl-C or
 * {@code ./octet down}. Options: {@code --home <dir>} (data; default .octet), {@code --fresh} (wipe
 * the data first), {@code --port-offset <n>} (shift every port), {@code --bind <address>} (where the
 * services listen: 127.0.0.1 unless given, e.g. 0.0.0.0 to reach them from other machines).
 */
public final class Devstack {

    /** Printed once everything is up; ./octet up --detach waits for it. */
    static final String READY_MARKER = "Octet is up.";

    private final StackLayout layout;
    private final Supervisor supervisor;
    private final ControlServer control;
    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Devstack(StackLayout layout, PrintStream out) {
        this.layout = layout;
        this.out = out;
        StackDefinition definition = new StackDefinition(layout);
        List<List<? extends Component>> tiers = new ArrayList<>();
        tiers.add(definition.infrastructure());
        tiers.addAll(definition.serviceTiers());
        this.supervisor = new Supervisor(tiers, out);
        this.control = new ControlServer(layout.port(StackLayout.CONTROL), supervisor, this::shutdown);
    }

    /** An IP address to listen on, as given to --bind; anything else stops the devstack before it starts. */
    static String bindAddress(String address) {
        if (!address.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            System.err.println("--bind takes an IP address to listen on (127.0.0.1, 0.0.0.0, ...), not " + address);
            System.exit(2);
        }
        return address;
    }

    public static void main(String[] args) {
        Path repository = Path.of("").toAbsolutePath();
        Path home = null;
        boolean fresh = false;
        int portOffset = 0;
        String bind = StackLayout.LOOPBACK;
        List<String> rest = new ArrayList<>(List.of(args));
        if (!rest.isEmpty() && rest.get(0).equals("up")) {
            rest.remove(0);
        }
        for (int i = 0; i < rest.size(); i++) {
            switch (rest.get(i)) {
                case "--home" -> home = Path.of(rest.get(++i)).toAbsolutePath();
                case "--repository" -> repository = Path.of(rest.get(++i)).toAbsolutePath();
                case "--fresh" -> fresh = true;
                case "--port-offset" -> portOffset = Integer.parseInt(rest.get(++i));
                case "--bind" -> bind = bindAddress(rest.get(++i));
                default -> {
                    System.err.println("Unknown option " + rest.get(i));
                    System.exit(2);
                }
            }
        }
        StackLayout layout = new StackLayout(repository, home != null ? home : repository.resolve(".octet"), portOffset, bind);
        try {
            if (fresh) {
                wipe(layout.home());
            }
            new Devstack(layout, System.out).run();
            System.exit(0);
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("The devstack could not start: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() {
        supervisor.checkPortsAreFree();
        prepareHome();
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "devstack-stop"));
        control.start();
        try {
            supervisor.startAll();
        } catch (RuntimeException e) {
            out.println("  FAILED: " + e.getMessage());
            shutdown();
            throw new IllegalStateException("a component did not start (see above); everything is stopped again");
        }
        printTable();
        out.println(READY_MARKER + " Stop it with Ctrl-C or ./octet down.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void shutdown() {
        if (stopped.getCount() == 0) {
            return;
        }
        out.println("Stopping Octet...");
        supervisor.stopAll();
        control.stop();
        try {
            Files.deleteIfExists(layout.home().resolve("control.port"));
        } catch (IOException ignored) {
            // Best effort: ./octet treats a control port that does not answer as "not running".
        }
        out.println("Octet is stopped. Its data stays in " + layout.home() + " (./octet up --fresh wipes it).");
        out.flush();
        stopped.countDown();
    }

    private void prepareHome() {
        try {
            Files.createDirectories(layout.logs());
            Files.writeString(layout.home().resolve("control.port"), Integer.toString(layout.port(StackLayout.CONTROL)));
            for (Component component : supervisor.components()) {
                Path link = layout.logs().resolve(component.name() + ".log");
                if (!component.logFile().equals(link) && !Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createSymbolicLink(link, layout.logs().relativize(component.logFile()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare " + layout.home(), e);
        }
    }

    private void printTable() {
        out.println();
        out.printf("%-18s %s%n", "COMPONENT", "ADDRESS");
        for (Component component : supervisor.components()) {
            out.printf("%-18s %s%n", component.name(), component.address());
        }
        out.println();
        out.println("Logs: " + layout.logs() + " (./octet logs <component>)");
    }

    private static boolean isRunning(Path home) {
        try {
            Path portFile = home.resolve("control.port");
            return Files.exists(portFile) && dev.octet.local.Ports.isListening(Integer.parseInt(Files.readString(portFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static void wipe(Path home) {
        if (!Files.exists(home)) {
            return;
        }
        if (isRunning(home)) {
            throw new IllegalStateException("a devstack is running on " + home + " (./octet down first)");
        }
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot wipe " + home, e);
        }
    }
}
