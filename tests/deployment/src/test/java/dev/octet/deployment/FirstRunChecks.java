package dev.octet.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What breaks or hurts a first run of the deployment on a real engine, though every file is valid:
 * data at the root of a volume (where a fresh ext4 volume has lost+found), a checkout with CRLF line
 * endings, a health check that starts a JVM, Service links leaking variables into pods, services that
 * crash-loop while their database starts.
 */
final class FirstRunChecks {

    /** Where each infrastructure image keeps its data unless told otherwise. */
    private static final String POSTGRES_DEFAULT_DATA = "/var/lib/postgresql/data";
    private static final String KAFKA_DEFAULT_DATA = "/tmp/kraft-combined-logs";

    private FirstRunChecks() {
    }

    static List<String> gitattributes(Path root) {
        Path file = root.resolve(".gitattributes");
        if (!Files.exists(file)) {
            return List.of(".gitattributes: missing; a Windows checkout turns the scripts and mvnw into CRLF, and every image "
                    + "build and health check fails (* text=auto eol=lf)");
        }
        boolean lf = Repository.Files2.read(file).lines().map(String::strip)
                .anyMatch(line -> line.matches("\\*\\s+.*\\btext=auto\\b.*\\beol=lf\\b.*"));
        return lf ? List.of() : List.of(".gitattributes: no '* text=auto eol=lf'; scripts checked out with CRLF fail in Linux containers");
    }

    /** Data folders and health checks of docker-compose.yml's containers. */
    static List<String> compose(ComposeFile compose) {
        List<String> problems = new ArrayList<>();
        for (ComposeFile.Service service : compose.services()) {
            List<String> command = strings(service.node().path("command"));
            dataFolder(service.image().orElse(""), service.environment(), command).ifPresent(data ->
                    namedVolumes(service).forEach((volume, target) -> {
                        if (data.equals(target)) {
                            problems.add(service.where("volumes") + ": " + service.name() + " keeps its data at " + data
                                    + ", the root of volume " + volume + "; " + ROOT_OF_A_VOLUME);
                        }
                    }));
            if (service.image().orElse("").contains("kafka")) {
                service.healthcheck().ifPresent(test -> {
                    if (test.toString().matches(".*kafka-[a-z-]+\\.sh.*")) {
                        problems.add(service.where("healthcheck") + ": runs one of Kafka's tools, which starts a second JVM with the "
                                + "broker's heap settings every interval; check the listener instead");
                    }
                });
            }
        }
        return problems;
    }

    /** Data folders and Service links of a rendered overlay's pods. */
    static List<String> kubernetes(List<KubeObject> objects) {
        List<String> problems = new ArrayList<>();
        for (KubeObject object : objects) {
            if (!object.isWorkload()) {
                continue;
            }
            JsonNode pod = object.podSpec();
            if (pod.path("enableServiceLinks").asBoolean(true)) {
                problems.add(object.id() + ": enableServiceLinks is not false; every Service in the namespace becomes variables "
                        + "such as KAFKA_PORT in the pod, which Kafka's image and Quarkus read as configuration");
            }
            Map<String, String> claims = new LinkedHashMap<>();
            for (JsonNode claim : object.node().path("spec").path("volumeClaimTemplates")) {
                claims.put(claim.path("metadata").path("name").asText(), "");
            }
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("persistentVolumeClaim")) {
                    claims.put(volume.path("name").asText(), "");
                }
            }
            for (String section : List.of("initContainers", "containers")) {
                for (JsonNode container : pod.path(section)) {
                    Map<String, String> environment = new LinkedHashMap<>();
                    container.path("env").forEach(env -> environment.put(env.path("name").asText(), env.path("value").asText()));
                    List<String> command = new ArrayList<>(strings(container.path("command")));
                    command.addAll(strings(container.path("args")));
                    Optional<String> data = dataFolder(container.path("image").asText(), environment, command);
                    for (JsonNode mount : container.path("volumeMounts")) {
                        String volume = mount.path("name").asText();
                        if (claims.containsKey(volume) && data.filter(mount.path("mountPath").asText()::equals).isPresent()) {
                            problems.add(object.id() + ": container " + container.path("name").asText() + " keeps its data at "
                                    + data.get() + ", the root of volume " + volume + "; " + ROOT_OF_A_VOLUME);
                        }
                    }
                }
            }
        }
        return problems;
    }

    /** Services that migrate their schema with Flyway at start-up retry the connection until the database is up. */
    static List<String> flywayRetries(List<ServiceModule> modules) {
        List<String> problems = new ArrayList<>();
        for (ServiceModule module : modules) {
            if (!module.pom().contains("<artifactId>quarkus-flyway</artifactId>")) {
                continue;
            }
            String retries = module.applicationProperties().get("quarkus.flyway.connect-retries");
            if (retries == null || Integer.parseInt(retries.strip()) < 1) {
                problems.add(module.path() + "/src/main/resources/application.properties: no quarkus.flyway.connect-retries; the service "
                        + "fails at start-up, and a container engine restarts it in a loop, until its database accepts connections");
            }
        }
        return problems;
    }

    /** The memory a rendered overlay's workloads request in all (every replica, sidecars included), in MiB. */
    static long requestedMemoryMiB(List<KubeObject> objects) {
        long total = 0;
        for (KubeObject object : objects) {
            if (!object.isWorkload() || object.kind().equals("Job")) {
                continue;
            }
            int replicas = object.node().path("spec").path("replicas").asInt(1);
            for (KubeObject.Container container : object.containers()) {
                total += replicas * mebibytes(container.node().path("resources").path("requests").path("memory").asText("0"));
            }
        }
        return total;
    }

    /** A Kubernetes memory quantity (such as 384Mi, 1Gi, 512M or bytes) in MiB. */
    static long mebibytes(String quantity) {
        Matcher matcher = Pattern.compile("(\\d+)(Ki|Mi|Gi|k|M|G)?").matcher(quantity.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("Not a memory quantity: " + quantity);
        }
        double value = Double.parseDouble(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2);
        double bytes = switch (unit) {
            case "Ki" -> value * 1024;
            case "Mi" -> value * 1024 * 1024;
            case "Gi" -> value * 1024 * 1024 * 1024;
            case "k" -> value * 1000;
            case "M" -> value * 1000 * 1000;
            case "G" -> value * 1000 * 1000 * 1000;
            default -> value;
        };
        return Math.round(bytes / (1024 * 1024));
    }

    private static final String ROOT_OF_A_VOLUME = "a new ext4 volume has lost+found there, and the server refuses to start "
            + "in a folder that is not empty: keep the data in a folder inside the volume";

    /** The folder an infrastructure image keeps its data in, as configured; empty for other images. */
    private static Optional<String> dataFolder(String image, Map<String, String> environment, List<String> command) {
        String repository = Images.repository(image);
        if (repository.endsWith("postgres")) {
            return Optional.of(environment.getOrDefault("PGDATA", POSTGRES_DEFAULT_DATA));
        }
        if (repository.endsWith("kafka")) {
            return Optional.of(environment.getOrDefault("KAFKA_LOG_DIRS", KAFKA_DEFAULT_DATA));
        }
        if (repository.endsWith("minio")) {
            int server = command.indexOf("server");
            return server >= 0 && server + 1 < command.size() ? Optional.of(command.get(server + 1)) : Optional.empty();
        }
        return Optional.empty();
    }

    /** Named volumes (not bind mounts) by name, with the folder each is mounted on. */
    private static Map<String, String> namedVolumes(ComposeFile.Service service) {
        Map<String, String> volumes = new LinkedHashMap<>();
        for (JsonNode volume : service.node().path("volumes")) {
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                if (parts.length >= 2 && !parts[0].startsWith("/") && !parts[0].startsWith(".")) {
                    volumes.put(parts[0], parts[1]);
                }
            } else if ("volume".equals(volume.path("type").asText())) {
                volumes.put(volume.path("source").asText(), volume.path("target").asText());
            }
        }
        return volumes;
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(item -> strings.add(item.asText()));
        } else if (array.isTextual()) {
            strings.addAll(List.of(array.asText().split("\\s+")));
        }
        return strings;
    }
}
