package dev.octet.deployment;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools the checks use: docker-compose and kubectl. */
final class Tools {

    record Result(int exitCode, String output, String errors) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private Tools() {
    }

    static Result run(List<String> command, Path directory) {
        return run(command, directory, Map.of(), Duration.ofMinutes(2));
    }

    /** Runs a command with extra environment variables, its output and errors captured, within a time limit. */
    static Result run(List<String> command, Path directory, Map<String, String> environment, Duration timeout) {
        try {
            Path output = Files.createTempFile("octet-tool", ".out");
            Path errors = Files.createTempFile("octet-tool", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(output.toFile()).redirectError(errors.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Result result = new Result(finished ? process.exitValue() : -1, Files.readString(output), Files.readString(errors));
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
            if (!finished) {
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + result.output() + result.errors());
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@link #run(List, Path, Map, Duration)}, failing with the command's output unless it succeeds; returns its output. */
    static String check(List<String> command, Path directory, Map<String, String> environment, Duration timeout) {
        Result result = run(command, directory, environment, timeout);
        if (!result.succeeded()) {
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n"
                    + result.output() + result.errors());
        }
        return result.output();
    }

    /**
     * How to call Docker Compose: Debian's docker-compose (works without an engine; .ci/run installs it),
     * else the compose plugin of the docker CLI.
     */
    static List<String> dockerCompose() {
        if (onPath("docker-compose")) {
            return List.of("docker-compose");
        }
        if (onPath("docker") && run(List.of("docker", "compose", "version"), Path.of(".")).succeeded()) {
            return List.of("docker", "compose");
        }
        throw new IllegalStateException("Docker Compose is needed to validate docker-compose.yml: "
                + "apt-get install docker-compose (Debian's package needs no Docker engine)");
    }

    static List<String> kubectl() {
        if (!onPath("kubectl")) {
            throw new IllegalStateException("kubectl is needed to render the k8s overlays (kubectl kustomize)");
        }
        return List.of("kubectl");
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static List<String> concat(List<String> first, String... rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(rest));
        return all;
    }
}
