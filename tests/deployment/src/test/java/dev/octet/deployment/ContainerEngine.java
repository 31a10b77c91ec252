package dev.octet.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        Tools.Result version = Tools.run(List.of("docker", "version", "--format",
                "{{range .Server.Components}}{{.Name}};{{end}}"), Path.of("."), environment, Duration.ofSeconds(30));
        return version.succeeded() && !version.output().isBlank() ? Optional.of(version.output().strip()) : Optional.empty();
    }
}
