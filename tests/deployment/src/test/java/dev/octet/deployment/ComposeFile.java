package dev.octet.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * docker-compose.yml as Docker Compose reads it: validated against the Compose schema and resolved
 * ({@code docker-compose config}: .env interpolated, YAML anchors merged, paths made absolute).
 */
final class ComposeFile {

    static final String FILE = "docker-compose.yml";

    private final Path directory;
    private final JsonNode resolved;

    private ComposeFile(Path directory, JsonNode resolved) {
        this.directory = directory;
        this.resolved = resolved;
    }

    /** Validates and resolves the docker-compose.yml and .env in this folder; a rejected file throws, saying why. */
    static ComposeFile load(Path directory) {
        List<String> command = Tools.concat(Tools.dockerCompose(), "-f", directory.resolve(FILE).toString(),
                "--project-directory", directory.toString(), "--env-file", directory.resolve(".env").toString(), "config");
        Tools.Result result = Tools.run(command, directory);
        if (!result.succeeded()) {
            throw new DeploymentFileException(FILE + " is rejected by " + String.join(" ", Tools.dockerCompose())
                    + " config:\n" + result.errors().strip());
        }
        try {
            return new ComposeFile(directory, new YAMLMapper().readTree(result.output()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read the output of docker-compose config: " + e.getMessage(), e);
        }
    }

    Path directory() {
        return directory;
    }

    List<Service> services() {
        List<Service> services = new ArrayList<>();
        resolved.path("services").fields().forEachRemaining(entry -> services.add(new Service(entry.getKey(), entry.getValue())));
        return services;
    }

    Optional<Service> service(String name) {
        return services().stream().filter(service -> service.name().equals(name)).findFirst();
    }

    /** One service (container) of the file, as resolved. */
    record Service(String name, JsonNode node) {

        String where(String field) {
            return FILE + ": services." + name + (field.isEmpty() ? "" : "." + field);
        }

        Optional<String> image() {
            return Optional.ofNullable(node.path("image").textValue());
        }

        boolean isBuilt() {
            return node.has("build");
        }

        /** The Dockerfile's path relative to the build context. */
        String dockerfile() {
            JsonNode build = node.path("build");
            return build.isTextual() ? "Dockerfile" : build.path("dockerfile").asText("Dockerfile");
        }

        /** The build's target stage; empty when the build has none. */
        String target() {
            return node.path("build").path("target").asText("");
        }

        Path buildContext() {
            JsonNode build = node.path("build");
            return Path.of(build.isTextual() ? build.asText() : build.path("context").asText());
        }

        Map<String, String> environment() {
            Map<String, String> environment = new LinkedHashMap<>();
            JsonNode env = node.path("environment");
            if (env.isObject()) {
                env.fields().forEachRemaining(e -> environment.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
            } else if (env.isArray()) {
                env.forEach(item -> {
                    String text = item.asText();
                    int equals = text.indexOf('=');
                    environment.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1));
                });
            }
            return environment;
        }

        /** Published ports, from either the short (host_ip:published:target) or the long syntax. */
        List<PortMapping> ports() {
            List<PortMapping> ports = new ArrayList<>();
            for (JsonNode port : node.path("ports")) {
                if (port.isObject()) {
                    String published = port.path("published").asText("");
                    ports.add(new PortMapping(port.path("host_ip").asText(""),
                            published.isEmpty() ? null : Integer.valueOf(published), port.path("target").asInt(), port.toString()));
                } else {
                    String text = port.asText().replaceAll("/(tcp|udp)$", "");
                    String[] parts = text.split(":");
                    int target = Integer.parseInt(parts[parts.length - 1]);
                    Integer published = parts.length >= 2 ? Integer.valueOf(parts[parts.length - 2]) : null;
                    ports.add(new PortMapping(parts.length == 3 ? parts[0] : "", published, target, port.asText()));
                }
            }
            return ports;
        }

        Optional<JsonNode> healthcheck() {
            JsonNode health = node.path("healthcheck");
            if (health.isMissingNode() || health.path("disable").asBoolean(false) || !health.has("test")) {
                return Optional.empty();
            }
            JsonNode test = health.path("test");
            if (test.isArray() && test.size() > 0 && "NONE".equals(test.get(0).asText())) {
                return Optional.empty();
            }
            return Optional.of(health);
        }

        /** The services this one waits for, and the condition of each. */
        Map<String, String> dependsOn() {
            Map<String, String> dependencies = new LinkedHashMap<>();
            JsonNode depends = node.path("depends_on");
            if (depends.isArray()) {
                depends.forEach(name -> dependencies.put(name.asText(), "service_started"));
            } else {
                depends.fields().forEachRemaining(e -> dependencies.put(e.getKey(), e.getValue().path("condition").asText("service_started")));
            }
            return dependencies;
        }

        List<String> profiles() {
            List<String> profiles = new ArrayList<>();
            node.path("profiles").forEach(profile -> profiles.add(profile.asText()));
            return profiles;
        }

        String restart() {
            return node.path("restart").asText("no");
        }

        boolean hasMemoryLimit() {
            return node.hasNonNull("mem_limit") || node.path("deploy").path("resources").path("limits").hasNonNull("memory");
        }

        /** Bind mounts: host path to container path. */
        Map<String, String> bindMounts() {
            Map<String, String> mounts = new LinkedHashMap<>();
            for (JsonNode volume : node.path("volumes")) {
                if (volume.isTextual()) {
                    String[] parts = volume.asText().split(":");
                    if (parts.length >= 2 && parts[0].startsWith("/")) {
                        mounts.put(parts[0], parts[1]);
                    }
                } else if ("bind".equals(volume.path("type").asText())) {
                    mounts.put(volume.path("source").asText(), volume.path("target").asText());
                }
            }
            return mounts;
        }
    }

    record PortMapping(String hostIp, Integer published, int target, String text) {
    }
}
