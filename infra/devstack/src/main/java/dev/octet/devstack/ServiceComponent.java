package dev.octet.devstack;

import dev.octet.local.ManagedProcess;
import dev.octet.local.Readiness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** A Quarkus service run from its built jar, ready when {@code /q/health/ready} answers 200. */
final class ServiceComponent implements Component {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final String name;
    private final Path jar;
    private final int httpPort;
    private final List<Integer> otherPorts;
    private final Map<String, String> environment;
    private final String heap;
    private final StackLayout layout;
    private String address;
    private ManagedProcess process;

    ServiceComponent(String name, String module, int httpPort, List<Integer> otherPorts, Map<String, String> environment,
                     String heap, StackLayout layout) {
        this.name = name;
        this.jar = layout.module(module).resolve("target/quarkus-app/quarkus-run.jar");
        this.httpPort = httpPort;
        this.otherPorts = otherPorts;
        this.environment = new LinkedHashMap<>(environment);
        this.heap = heap;
        this.layout = layout;
        this.address = baseUrl();
    }

    /** What the status table shows for this service, when its HTTP address is not what users connect to. */
    ServiceComponent describedAs(String address) {
        this.address = address;
        return this;
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Integer> ports() {
        List<Integer> ports = new ArrayList<>(List.of(httpPort));
        ports.addAll(otherPorts);
        return ports;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String readiness() {
        return "health check " + baseUrl() + "/q/health/ready";
    }

    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    boolean isBuilt() {
        return Files.exists(jar);
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        if (!isBuilt()) {
            throw new IllegalStateException(name + " is not built (" + jar + " is missing): run ./mvnw -DskipTests install");
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError", "-Djava.net.preferIPv4Stack=true", "-jar", jar.toString());
        process = ManagedProcess.start(name, command, environment, layout.repository(), logFile());
        Readiness.await(process, "readiness (" + readiness() + ")", START_TIMEOUT, this::isReady);
    }

    private boolean isReady() {
        return Readiness.answersHttp(baseUrl() + "/q/health/ready");
    }

    @Override
    public synchronized void stop() {
        if (process != null) {
            process.stop();
        }
    }

    @Override
    public synchronized void kill() {
        if (process != null) {
            process.kill();
        }
    }

    @Override
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public OptionalLong pid() {
        return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    @Override
    public Path logFile() {
        return layout.logs().resolve(name + ".log");
    }
}
