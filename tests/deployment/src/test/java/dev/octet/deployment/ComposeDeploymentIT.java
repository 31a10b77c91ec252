package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real thing, on the container engine this machine has: the octet/* images are built from the
 * root Dockerfile, docker-compose.yml's microservices, database and filesystem profiles come up healthy,
 * every container runs as a non-root user, their memory is measured, and the tests/system scenarios run
 * against the stack's gateway, killing and restarting containers with docker-compose.
 *
 * <p>On Podman (no registry: infra/containers) the infrastructure images are local stand-ins given by
 * POSTGRES_IMAGE and KAFKA_IMAGE, MinIO is replaced by S3Mock (infra/containers/compose.podman.yml), and
 * the observability containers, whose images cannot be had, are not started. Where no engine answers,
 * the test is skipped, and says why.
 */
class ComposeDeploymentIT {

    /** Host ports are shifted, so the stack can run beside a developer's devstack or compose stack. */
    private static final int PORT_SHIFT = 20000;
    private static final String PROJECT = "octet-it";
    private static final List<String> PROFILES = List.of("microservices", "database", "filesystem");
    private static final String NO_ENGINE = "no container engine here (neither Docker nor Podman's socket, "
            + "infra/containers/engine.sh): docker-compose.yml is validated by the other deployment tests, but not started";
    private static final Repository REPOSITORY = Repository.current();
    /** On Podman: the infrastructure images docker-compose.yml names by variable, as built here. */
    private static final Map<String, String> LOCAL_IMAGES = Map.of(
            "POSTGRES_IMAGE", "localhost/octet-base/postgres:15",
            "KAFKA_IMAGE", "localhost/octet-base/kafka:4.1.2");
    private static final Path MEASURED = REPOSITORY.resolve("tests/deployment/target/compose-containers.txt");

    private static ContainerEngine engine;
    private static Map<String, String> environment;
    private static List<String> compose;

    @AfterAll
    static void stopTheStack() {
        if (compose != null) {
            Tools.run(Tools.concat(compose, "down", "--volumes", "--remove-orphans"), REPOSITORY.root(),
                    environment, Duration.ofMinutes(5));
        }
    }

    @Test
    void theProfilesComeUpHealthyAsNonRootAndTheSystemScenariosPass() throws IOException {
        Optional<ContainerEngine> found = ContainerEngine.detect();
        if (found.isEmpty()) {
            System.out.println("SKIPPED " + getClass().getSimpleName() + ": " + NO_ENGINE);
        }
        Assumptions.assumeTrue(found.isPresent(), NO_ENGINE);
        engine = found.get();
        environment = environment();
        compose = composeCommand();
        List<String> services = services();
        System.out.println("Compose on " + engine.name() + ": " + String.join(" ", services));

        // A run that was interrupted (a stopped session, a killed build) leaves its containers running
        // on the engine, and compose would call them up to date: start from nothing.
        stopTheStack();
        long started = System.nanoTime();
        buildImages(services);
        long built = System.nanoTime();
        Tools.Result up = Tools.run(Tools.concat(Tools.concat(compose, "up", "-d", "--no-build"), services.toArray(String[]::new)),
                REPOSITORY.root(), environment, Duration.ofMinutes(10));
        if (!up.succeeded()) {
            // Say which container was unhealthy and why: compose names only a container id.
            Tools.Result state = Tools.run(Tools.concat(compose, "ps"), REPOSITORY.root(), environment, Duration.ofMinutes(1));
            Tools.Result logs = Tools.run(Tools.concat(compose, "logs", "--no-color", "--tail", "30"), REPOSITORY.root(),
                    environment, Duration.ofMinutes(2));
            throw new IllegalStateException("docker-compose up failed (exit " + up.exitCode() + "):\n" + up.output() + up.errors()
                    + "\n" + state.output() + "\n" + logs.output());
        }
        waitHealthy(services, Duration.ofMinutes(10));
        long healthy = System.nanoTime();
        System.out.printf("Images built in %d s; the stack healthy %d s later%n", Duration.ofNanos(built - started).toSeconds(),
                Duration.ofNanos(healthy - built).toSeconds());

        Map<String, String> containers = containers(services);
        for (Map.Entry<String, String> container : containers.entrySet()) {
            assertThat(processUser(container.getValue())).as("the user of " + container.getKey() + "'s process 1").isNotZero();
        }
        String measured = measure(containers);
        System.out.println(measured);
        Files.writeString(MEASURED, measured);

        runTheScenarios();
        System.out.printf("The scenarios ran in %d s%n", Duration.ofNanos(System.nanoTime() - healthy).toSeconds());
    }

    /** The variables docker-compose reads before .env: shifted host ports, every profile, the engine's. */
    private static Map<String, String> environment() throws IOException {
        Map<String, String> variables = new LinkedHashMap<>(engine.environment());
        for (String line : Files.readAllLines(REPOSITORY.resolve(".env"))) {
            if (line.matches("[A-Z0-9_]+_PORT=\\d+")) {
                String[] entry = line.split("=");
                variables.put(entry[0], Integer.toString(Integer.parseInt(entry[1]) + PORT_SHIFT));
            }
        }
        variables.put("COMPOSE_PROFILES", String.join(",", PROFILES));
        if (engine.isPodman()) {
            // The stand-ins infra/containers/base-images.sh builds from Debian's packages and Maven's jars.
            LOCAL_IMAGES.forEach((variable, image) -> variables.put(variable, System.getenv().getOrDefault(variable, image)));
        }
        return variables;
    }

    private static List<String> composeCommand() {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-p", PROJECT, "-f", ComposeFile.FILE));
        if (engine.isPodman()) {
            command.addAll(List.of("-f", "infra/containers/compose.podman.yml"));
        }
        return command;
    }

    /** The containers of the three profiles; on Podman without the observability ones, whose images cannot be had. */
    private static List<String> services() {
        ComposeFile file = ComposeFile.load(REPOSITORY.root());
        return file.services().stream()
                .filter(service -> service.profiles().stream().anyMatch(PROFILES::contains))
                .filter(service -> !engine.isPodman() || !service.profiles().contains("observability"))
                .map(ComposeFile.Service::name).sorted().toList();
    }

    private static void buildImages(List<String> services) {
        if (engine.isPodman()) {
            build(List.of("infra/containers/base-images.sh"), Duration.ofMinutes(15));
        }
        // The containers built from this repository, and their Dockerfile targets: chunk-server-1..3 are one
        // target, chunk-server, so the targets are not the container names.
        List<ComposeFile.Service> built = ComposeFile.load(REPOSITORY.root()).services().stream()
                .filter(service -> service.isBuilt() && services.contains(service.name())).toList();
        List<String> command = engine.isPodman()
                ? Tools.concat(List.of("infra/containers/build-images.sh"),
                        built.stream().map(ComposeFile.Service::target).distinct().toArray(String[]::new))
                : Tools.concat(Tools.concat(compose, "build"), built.stream().map(ComposeFile.Service::name).toArray(String[]::new));
        build(command, Duration.ofMinutes(30));
    }

    /** Runs a build, showing what it printed (the scripts report their times on standard error). */
    private static void build(List<String> command, Duration limit) {
        Tools.Result result = Tools.run(command, REPOSITORY.root(), environment, limit);
        System.out.println(result.output() + result.errors());
        assertThat(result.succeeded()).as(String.join(" ", command) + " (exit " + result.exitCode() + ")").isTrue();
    }

    private static void waitHealthy(List<String> services, Duration limit) {
        List<String> command = new ArrayList<>(List.of("infra/containers/wait-healthy.sh", "-t", Long.toString(limit.toSeconds())));
        command.addAll(compose.subList(1, compose.size()));
        command.add("--");
        command.addAll(services);
        Tools.Result result = Tools.run(command, REPOSITORY.root(), environment,
                limit.plusMinutes(1));
        if (!result.succeeded()) {
            Tools.Result logs = Tools.run(Tools.concat(compose, "logs", "--tail", "40"),
                    REPOSITORY.root(), environment, Duration.ofMinutes(1));
            throw new AssertionError(result.output() + result.errors() + "\n" + logs.output() + logs.errors());
        }
    }

    /** Service name to container id, for the long-running containers (one-shots have exited). */
    private static Map<String, String> containers(List<String> services) {
        Map<String, String> containers = new LinkedHashMap<>();
        for (String service : services) {
            String id = Tools.check(Tools.concat(compose, "ps", "-q", service), REPOSITORY.root(), environment,
                    Duration.ofMinutes(1)).strip();
            String running = Tools.check(List.of("docker", "inspect", "--format", "{{.State.Running}}", id),
                    REPOSITORY.root(), environment, Duration.ofMinutes(1)).strip();
            if (running.equals("true")) {
                containers.put(service, id);
            }
        }
        return containers;
    }

    /** The real user id of the container's process 1. */
    private static int processUser(String container) {
        String status = Tools.check(List.of("docker", "exec", container, "cat", "/proc/1/status"),
                REPOSITORY.root(), environment, Duration.ofMinutes(1));
        Matcher uid = Pattern.compile("(?m)^Uid:\\s+(\\d+)").matcher(status);
        assertThat(uid.find()).as(status).isTrue();
        return Integer.parseInt(uid.group(1));
    }

    /** Each container's memory as the engine reports it, right after the stack came up. */
    private static String measure(Map<String, String> containers) {
        StringBuilder table = new StringBuilder("container\tmemory (used / limit)\n");
        for (Map.Entry<String, String> container : containers.entrySet()) {
            String usage = Tools.check(List.of("docker", "stats", "--no-stream", "--format", "{{.MemUsage}}",
                    container.getValue()), REPOSITORY.root(), environment, Duration.ofMinutes(1)).strip();
            assertThat(usage).as(container.getKey()).matches("[0-9.]+\\s*[KMG]i?B\\s*/\\s*[0-9.]+\\s*[KMG]i?B");
            table.append(container.getKey()).append('\t').append(usage).append('\n');
        }
        return table.toString();
    }

    /** A value of the repository's .env. */
    private static String dotEnv(String variable) {
        return REPOSITORY.read(".env").lines().filter(line -> line.startsWith(variable + "="))
                .map(line -> line.substring(variable.length() + 1)).findFirst()
                .orElseThrow(() -> new AssertionError(".env sets no " + variable));
    }

    private static void runTheScenarios() {
        String composeLine = String.join(" ", compose);
        String services = String.join(" ", compose.subList(1, compose.size()));
        Map<String, String> scenarioEnvironment = new LinkedHashMap<>(environment);
        scenarioEnvironment.put("OCTET_GATEWAY_URL", "http://127.0.0.1:" + environment.get("GATEWAY_PORT"));
        scenarioEnvironment.put("OCTET_ROUTER_ADMIN_URL", "http://127.0.0.1:" + environment.get("QUERY_ROUTER_ADMIN_PORT"));
        scenarioEnvironment.put("OCTET_METADATA_URL", "http://127.0.0.1:" + environment.get("METADATA_SERVICE_PORT"));
        scenarioEnvironment.put("OCTET_CHUNK_SERVER_URL", "http://127.0.0.1:" + environment.get("CHUNK_SERVER_1_PORT"));
        scenarioEnvironment.put("OCTET_OPERATOR_PASSWORD", dotEnv("OPERATOR_PASSWORD"));
        scenarioEnvironment.put("OCTET_KILL_COMMAND", composeLine + " kill {component}");
        scenarioEnvironment.put("OCTET_RESTART_COMMAND", composeLine + " up -d --no-deps --no-build {component}"
                + " && infra/containers/wait-healthy.sh -t 220 " + services + " -- {component}");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                SystemScenarios.class.getName());
        Tools.Result result = Tools.run(command, REPOSITORY.root(), scenarioEnvironment,
                Duration.ofMinutes(30));
        System.out.println(result.output() + result.errors());
        assertThat(result.succeeded()).as("the system scenarios against docker-compose:\n" + result.output() + result.errors())
                .isTrue();
    }
}
