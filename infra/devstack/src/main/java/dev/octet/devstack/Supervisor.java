package dev.octet.devstack;

import dev.octet.local.Ports;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts, watches and stops the devstack's components: infrastructure first, then the services,
 * each group in parallel, telling the user which component is waiting for what.
 */
final class Supervisor {

    private final Map<String, Component> components = new LinkedHashMap<>();
    private final List<List<? extends Component>> tiers;
    private final PrintStream out;

    /** {@code tiers} start one after another; the components of one tier start in parallel. */
    Supervisor(List<List<? extends Component>> tiers, PrintStream out) {
        this.tiers = tiers;
        this.out = out;
        tiers.forEach(tier -> tier.forEach(c -> components.put(c.name(), c)));
    }

    /** Fails, naming every conflict, if any port the stack needs is taken. */
    void checkPortsAreFree() {
        List<String> taken = new ArrayList<>();
        for (Component component : components.values()) {
            for (int port : component.ports()) {
                if (Ports.isListening(port)) {
                    taken.add(port + " (" + component.name() + ")");
                }
            }
        }
        if (!taken.isEmpty()) {
            throw new IllegalStateException("These ports are already in use: " + String.join(", ", taken)
                    + ". Is another devstack running (./octet status)? Find the owner with: ss -ltnp");
        }
    }

    void startAll() {
        tiers.forEach(this::startTier);
    }

    private void startTier(List<? extends Component> group) {
        if (group.isEmpty()) {
            return;
        }
        out.println("Starting " + String.join(", ", group.stream().map(Component::name).toList()));
        Set<String> waiting = ConcurrentHashMap.newKeySet();
        Instant began = Instant.now();
        ExecutorService starters = Executors.newFixedThreadPool(group.size());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> {
            if (!waiting.isEmpty()) {
                List<String> names = new ArrayList<>(waiting);
                Collections.sort(names);
                out.printf("  .. still waiting for %s (%ds)%n", String.join(", ", names),
                        Duration.between(began, Instant.now()).toSeconds());
            }
        }, 5, 5, TimeUnit.SECONDS);
        try {
            List<Future<?>> starts = new ArrayList<>();
            for (Component component : group) {
                starts.add(starters.submit(() -> {
                    waiting.add(component.name());
                    out.printf("  -> %-16s waiting for %s%n", component.name(), component.readiness());
                    Instant start = Instant.now();
                    component.start();
                    waiting.remove(component.name());
                    out.printf("  ok %-16s ready in %.1fs%n", component.name(),
                            Duration.between(start, Instant.now()).toMillis() / 1000.0);
                }));
            }
            for (Future<?> start : starts) {
                await(start);
            }
        } finally {
            ticker.shutdownNow();
            starters.shutdownNow();
        }
    }

    private static void await(Future<?> start) {
        try {
            start.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting", e);
        }
    }

    /** Services first, newest first; then the infrastructure they used. */
    void stopAll() {
        List<Component> order = new ArrayList<>(components.values());
        Collections.reverse(order);
        for (Component component : order) {
            if (component.isRunning()) {
                out.println("  stopping " + component.name());
                component.stop();
            }
        }
    }

    String kill(String name) {
        Component component = find(name);
        if (!component.isRunning()) {
            return name + " is not running";
        }
        long pid = component.pid().orElse(-1);
        component.kill();
        return "killed " + name + " (pid " + pid + ")";
    }

    String restart(String name) {
        Component component = find(name);
        Instant start = Instant.now();
        if (component.isRunning()) {
            component.stop();
        }
        component.start();
        return String.format("restarted %s (pid %d) in %.1fs", name, component.pid().orElse(-1),
                Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    private Component find(String name) {
        Component component = components.get(name);
        if (component == null) {
            throw new IllegalArgumentException("No component named '" + name + "'. Components: "
                    + String.join(", ", components.keySet()));
        }
        return component;
    }

    /** One line per component: name, state, pid, address. */
    String status() {
        StringBuilder table = new StringBuilder(String.format("%-18s %-8s %-8s %s%n", "COMPONENT", "STATE", "PID", "ADDRESS"));
        for (Component component : components.values()) {
            table.append(String.format("%-18s %-8s %-8s %s%n", component.name(),
                    component.isRunning() ? "running" : "stopped",
                    component.pid().isPresent() ? Long.toString(component.pid().getAsLong()) : "-",
                    component.address()));
        }
        return table.toString();
    }

    List<Component> components() {
        return List.copyOf(components.values());
    }
}
