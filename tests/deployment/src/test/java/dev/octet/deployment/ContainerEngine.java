package dev.octet.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The container engine the docker CLI and docker-compose reach: a Docker engine, or Podman through its
 * Docker API socket (infra/containers/engine.sh starts it). Podman here means a machine that pulls
 * nothing: the images are built locally (infra/containers).
 */
record ContainerEngine(String name, Map<String, String> environment) {

    static final String PODMAN_SOCKET = "/run/podman/podman.sock";

    /** The engine that answers, if any: DOCKER_HOST's (or Docker's default socket), else Podman's socket. */
    static Optional<ContainerEngine> detect() {
        if (!Tools.onPath("docker") || !Tools.onPath("docker-compose")) {
            return Optional.empty();
        }
        Map<String, String> environment = new LinkedHashMap<>();
        Optional<String> server = serverName(environment);
        if (server.isEmpty() && Files.exists(Path.of(PODMAN_SOCKET))) {
            environment.put("DOCKER_HOST", "unix://" + PODMAN_SOCKET);
            server = serverName(environment);
        }
        return server.map(name -> new ContainerEngine(name.toLowerCase().contains("podman") ? "podman" : "docker", environment));
    }

    boolean isPodman() {
        return name.equals("podman");
    }

    private static Optional<String> serverName(Map<String, String> environment) {
        Command.Result version = Command.run(List.of("docker", "version", "--format",
                "{{range .Server.Components}}{{.Name}};{{end}}"), Path.of("."), environment, Duration.ofSeconds(30));
        return version.succeeded() && !version.output().isBlank() ? Optional.of(version.output().strip()) : Optional.empty();
    }

    /** Runs a command with the engine's environment (and extra variables) and its output captured. */
    static final class Command {

        record Result(int exitCode, String output) {
            boolean succeeded() {
                return exitCode == 0;
            }
        }

        private Command() {
        }

        static Result run(List<String> command, Path directory, Map<String, String> environment, Duration timeout) {
            try {
                Path output = Files.createTempFile("octet-engine", ".log");
                ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                process.getOutputStream().close();
                boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
                if (!finished) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                String text = Files.readString(output);
                Files.deleteIfExists(output);
                if (!finished) {
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + ":\n" + text);
                }
                return new Result(process.exitValue(), text);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Runs it and fails, with its output, unless it succeeds. */
        static String check(List<String> command, Path directory, Map<String, String> environment, Duration timeout) {
            Result result = run(command, directory, environment, timeout);
            if (!result.succeeded()) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n"
                        + result.output());
            }
            return result.output();
        }
    }
}
