package dev.octet.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The deployment the scenarios run against. With {@code OCTET_GATEWAY_URL} set, any running Octet
 * (compose, a cluster); faults are injected with {@code OCTET_KILL_COMMAND} and
 * {@code OCTET_RESTART_COMMAND} (templates with {component}), and fault scenarios are skipped without
 * them. Otherwise a devstack of its own, started once per test run with every port shifted by
 * {@value #PORT_OFFSET} so it can run beside a developer's devstack, and stopped at the end.
 */
final class Deployment {

    static final int PORT_OFFSET = 10000;
    private static Deployment instance;

    private final String gatewayUrl;
    private final String routerAdminUrl;
    private final String metadataUrl;
    private final String chunkServerUrl;
    private final Faults faults;
    /** ./octet status for the devstack this run started; null for another deployment. */
    private final List<String> status;
    private final Path octetHome;

    private Deployment(String gatewayUrl, String routerAdminUrl, String metadataUrl, String chunkServerUrl, Faults faults,
                       List<String> status, Path octetHome) {
        this.gatewayUrl = gatewayUrl;
        this.routerAdminUrl = routerAdminUrl;
        this.metadataUrl = metadataUrl;
        this.chunkServerUrl = chunkServerUrl;
        this.faults = faults;
        this.status = status;
        this.octetHome = octetHome;
    }

    static synchronized Deployment get() {
        if (instance == null) {
            String external = System.getenv("OCTET_GATEWAY_URL");
            instance = external != null && !external.isBlank() ? external(external) : devstack();
        }
        return instance;
    }

    String gatewayUrl() {
        return gatewayUrl;
    }

    /**
     * The query router's admin API (where a key lives), if reachable: the devstack's, or
     * {@code OCTET_ROUTER_ADMIN_URL} for another deployment; null otherwise.
     */
    String routerAdminUrl() {
        return routerAdminUrl;
    }

    /** The metadata service, if reachable: the devstack's, or {@code OCTET_METADATA_URL}; null otherwise. */
    String metadataUrl() {
        return metadataUrl;
    }

    /** The first chunk server, if reachable: the devstack's, or {@code OCTET_CHUNK_SERVER_URL}; null otherwise. */
    String chunkServerUrl() {
        return chunkServerUrl;
    }

    /** The query router's operator password: {@code OCTET_OPERATOR_PASSWORD}, or the development one. */
    String operatorPassword() {
        String password = System.getenv("OCTET_OPERATOR_PASSWORD");
        return password == null || password.isBlank() ? "octet-operator" : password;
    }

    /**
     * The devstack's running components and their process ids ({@code ./octet status}); empty when
     * the scenarios run against another deployment.
     */
    Map<String, Long> processes() {
        Map<String, Long> processes = new LinkedHashMap<>();
        if (status == null) {
            return processes;
        }
        for (String line : run(status, Path.of("."), octetHome, Duration.ofMinutes(1)).lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 3 && columns[1].equals("running") && columns[2].matches("\\d+")) {
                processes.put(columns[0], Long.parseLong(columns[2]));
            }
        }
        return processes;
    }

    /** The devstack's home (OCTET_HOME) when this run started one; null for another deployment. */
    Path octetHome() {
        return status == null ? null : octetHome;
    }

    /** How to kill and restart components, if this deployment allows it. */
    Faults faults() {
        return faults;
    }

    private static Deployment external(String url) {
        String kill = System.getenv("OCTET_KILL_COMMAND");
        String restart = System.getenv("OCTET_RESTART_COMMAND");
        Faults faults = kill == null || restart == null ? null : new Faults(List.of("sh", "-c", kill),
                List.of("sh", "-c", restart), Path.of("."), null);
        return new Deployment(url.replaceAll("/$", ""), optionalUrl("OCTET_ROUTER_ADMIN_URL"), optionalUrl("OCTET_METADATA_URL"),
                optionalUrl("OCTET_CHUNK_SERVER_URL"), faults, null, null);
    }

    private static String optionalUrl(String variable) {
        String url = System.getenv(variable);
        return url == null || url.isBlank() ? null : url.replaceAll("/$", "");
    }

    private static Deployment devstack() {
        Path repository = Path.of(System.getProperty("octet.repository", "../..")).toAbsolutePath().normalize();
        Path home = repository.resolve("tests/system/target/devstack");
        Path octet = repository.resolve("octet");
        run(List.of(octet.toString(), "up", "--fresh", "--detach", "--port-offset", Integer.toString(PORT_OFFSET)),
                repository, home, Duration.ofMinutes(6));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> run(List.of(octet.toString(), "down"), repository, home,
                Duration.ofMinutes(2)), "stop-devstack"));
        Faults faults = new Faults(List.of(octet.toString(), "kill", "{component}"),
                List.of(octet.toString(), "restart", "{component}"), repository, home);
        return new Deployment("http://127.0.0.1:" + (8080 + PORT_OFFSET), "http://127.0.0.1:" + (8084 + PORT_OFFSET),
                "http://127.0.0.1:" + (8085 + PORT_OFFSET), "http://127.0.0.1:" + (8086 + PORT_OFFSET), faults, List.of(octet.toString(), "status"), home);
    }

    /** Runs a command with OCTET_HOME set, echoing its output, and fails if it fails; returns its output. */
    static String run(List<String> command, Path directory, Path octetHome, Duration timeout) {
        try {
            Path output = Files.createTempFile("octet-command", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            if (octetHome != null) {
                builder.environment().put("OCTET_HOME", octetHome.toString());
                builder.environment().put("OCTET_NO_BUILD", "1");
            }
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            String log = Files.readString(output);
            System.out.print(log);
            Files.deleteIfExists(output);
            if (!finished) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + log);
            }
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills and restarts components by name (kafka, product-service, ...). */
    record Faults(List<String> kill, List<String> restart, Path directory, Path octetHome) {

        void kill(String component) {
            run(fill(kill, component), directory, octetHome, Duration.ofMinutes(1));
        }

        void restart(String component) {
            run(fill(restart, component), directory, octetHome, Duration.ofMinutes(4));
        }

        private static List<String> fill(List<String> template, String component) {
            return template.stream().map(part -> part.replace("{component}", component)).toList();
        }
    }
}
