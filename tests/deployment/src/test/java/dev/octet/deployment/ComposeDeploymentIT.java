package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * The real thing, where a Docker engine exists: docker-compose.yml is built and brought up (every
 * profile), and the tests/system scenarios run against its gateway, killing and restarting containers
 * with docker compose. Where no engine exists it is skipped, and says so.
 */
class ComposeDeploymentIT {

    /** Host ports are shifted, so the stack can run beside a developer's devstack or compose stack. */
    private static final int PORT_SHIFT = 20000;
    private static final String NO_ENGINE =
            "no Docker engine here: docker-compose.yml is validated by the other deployment tests, but not started";
    private static final Repository REPOSITORY = Repository.current();
    private static ComposeContainer compose;
    private static Map<String, String> environment;

    @AfterAll
    static void stopTheStack() {
        if (compose != null) {
            compose.stop();
        }
    }

    @Test
    void theSystemScenariosPassAgainstTheComposeStack() throws Exception {
        boolean engine = DockerClientFactory.instance().isDockerAvailable();
        if (!engine) {
            System.out.println("SKIPPED " + getClass().getSimpleName() + ": " + NO_ENGINE);
        }
        Assumptions.assumeTrue(engine, NO_ENGINE);
        startTheStack();
        String project = compose.getContainerByServiceName("gateway").orElseThrow()
                .getContainerInfo().getConfig().getLabels().get("com.docker.compose.project");
        String composeCommand = "docker compose -p " + project + " -f " + REPOSITORY.resolve(ComposeFile.FILE);
        Map<String, String> scenarioEnvironment = new LinkedHashMap<>(environment);
        scenarioEnvironment.put("OCTET_GATEWAY_URL", "http://127.0.0.1:" + environment.get("GATEWAY_PORT"));
        scenarioEnvironment.put("OCTET_KILL_COMMAND", composeCommand + " kill {component}");
        scenarioEnvironment.put("OCTET_RESTART_COMMAND", composeCommand + " up -d --no-deps --wait {component}");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                SystemScenarios.class.getName()));
        Path log = Files.createTempFile("octet-system-scenarios", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(REPOSITORY.root().toFile());
        builder.environment().putAll(scenarioEnvironment);
        Process scenarios = builder.start();
        boolean finished = scenarios.waitFor(40, TimeUnit.MINUTES);
        String output = Files.readString(log);
        System.out.println(output);
        if (!finished) {
            scenarios.destroyForcibly();
        }
        assertThat(finished).as("the scenarios finished within 40 minutes").isTrue();
        assertThat(scenarios.exitValue()).as("the system scenarios against docker compose:\n" + output).isZero();
    }

    private static void startTheStack() {
        environment = shiftedHostPorts();
        compose = new ComposeContainer(REPOSITORY.resolve(ComposeFile.FILE).toFile())
                .withEnv(environment)
                .withBuild(true)
                .withRemoveVolumes(true)
                .withStartupTimeout(Duration.ofMinutes(45))
                .waitingFor("gateway", Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(45)));
        compose.start();
    }

    /** Every *_PORT of .env, shifted; compose reads the process environment before .env. */
    private static Map<String, String> shiftedHostPorts() {
        Map<String, String> shifted = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(REPOSITORY.resolve(".env"))) {
                if (line.matches("[A-Z0-9_]+_PORT=\\d+")) {
                    String[] entry = line.split("=");
                    shifted.put(entry[0], Integer.toString(Integer.parseInt(entry[1]) + PORT_SHIFT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        shifted.put("COMPOSE_PROFILES", "all");
        return shifted;
    }
}
