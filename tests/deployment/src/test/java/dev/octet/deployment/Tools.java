package dev.octet.deployment;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
        try {
            Path errors = Files.createTempFile("octet-tool", ".err");
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(false).redirectError(errors.toFile()).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 2 minutes");
            }
            String errorText = Files.readString(errors);
            Files.deleteIfExists(errors);
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8), errorText);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
