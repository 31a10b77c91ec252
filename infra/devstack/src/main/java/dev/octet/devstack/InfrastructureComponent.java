package dev.octet.devstack;

import dev.octet.local.LocalServer;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** A server from infra/local (PostgreSQL, Kafka, S3), with a step to run each time it is up. */
final class InfrastructureComponent implements Component {

    private final String name;
    private final List<Integer> ports;
    private final String address;
    private final String readiness;
    private final LocalServer server;
    private final Path logFile;
    private final Runnable afterStart;

    InfrastructureComponent(String name, List<Integer> ports, String address, String readiness, LocalServer server,
                            Path logFile, Runnable afterStart) {
        this.name = name;
        this.ports = ports;
        this.address = address;
        this.readiness = readiness;
        this.server = server;
        this.logFile = logFile;
        this.afterStart = afterStart;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Integer> ports() {
        return ports;
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String readiness() {
        return readiness;
    }

    @Override
    public void start() {
        server.start();
        afterStart.run();
    }

    @Override
    public void stop() {
        server.stop();
    }

    @Override
    public void kill() {
        server.kill();
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public OptionalLong pid() {
        return isRunning() ? OptionalLong.of(server.process().pid()) : OptionalLong.empty();
    }

    @Override
    public Path logFile() {
        return logFile;
    }
}
