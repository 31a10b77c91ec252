package dev.octet.router.support;

import dev.octet.local.ManagedProcess;
import dev.octet.local.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/** The packaged router (target/quarkus-app) run as a process of its own, to be killed like a crash would. */
public final class RouterProcess implements AutoCloseable {

    private final Map<String, String> environment;
    private final Path logFile;
    private final int port = Ports.free();
    private final int httpPort = Ports.free();
    private ManagedProcess process;

    public RouterProcess(List<String> shards, Map<String, String> settings) throws Exception {
        environment = new HashMap<>();
        environment.put("OCTET_ROUTER_SHARDS", String.join(",", shards));
        environment.put("OCTET_ROUTER_HOST", "127.0.0.1");
        environment.put("OCTET_ROUTER_PORT", Integer.toString(port));
        environment.put("OCTET_ROUTER_DATABASE", TestRouter.DATABASE);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        environment.put("QUARKUS_OTEL_SDK_DISABLED", "true");
        // The test servers' credentials are the repository's development ones.
        environment.put("OCTET_DEVELOPMENT_SECRETS_ALLOWED", "true");
        environment.putAll(settings);
        logFile = Files.createTempFile("query-router", ".log");
    }

    public RouterProcess start() {
        Path app = Path.of(System.getProperty("router.app", "target/quarkus-app/quarkus-run.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = ManagedProcess.start("query-router", List.of(java, "-Xmx512m", "-jar", app.toString()), environment,
                Path.of("."), logFile);
        Awaitility.await("the router accepting PostgreSQL connections").atMost(Duration.ofSeconds(90))
                .ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the router exited:\n" + process.tail(40));
                    }
                    try (Connection ignored = connect()) {
                        return true;
                    }
                });
        return this;
    }

    /** The PostgreSQL port the router listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** kill -9. */
    public void kill() {
        process.kill();
    }

    public Connection connect() throws java.sql.SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + TestRouter.DATABASE
                + "?socketTimeout=60&connectTimeout=5", TestRouter.USER, TestRouter.PASSWORD);
    }

    public String tail() {
        return process.tail(60);
    }

    @Override
    public void close() {
        if (process != null) {
            process.stop();
        }
        try {
            Files.deleteIfExists(logFile);
        } catch (java.io.IOException ignored) {
            // a temporary file
        }
    }
}
