package dev.octet.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.octet.testing.TestInfrastructure;
import dev.octet.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service, started as a deployment starts it (the prod profile, no development flag): with
 * the repository's secrets it refuses to start and names them; with secrets of its own it starts.
 */
class DevelopmentSecretsIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TestPostgres postgres = TestInfrastructure.postgres();
    private String database;
    private String role;
    private String rolePassword;
    private Process process;
    private Path output;

    @BeforeEach
    void aDatabaseWithARoleOfItsOwn() throws Exception {
        database = postgres.createDatabase("secrets");
        role = "secrets_" + HexFormat.of().formatHex(random(6));
        rolePassword = Base64.getUrlEncoder().withoutPadding().encodeToString(random(18));
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("create role " + role + " login password '" + rolePassword + "'");
            statement.execute("alter database " + database + " owner to " + role);
        }
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("alter schema public owner to " + role);
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        postgres.dropDatabase(database);
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("drop role if exists " + role);
        }
    }

    @Test
    void withTheRepositorysSecretsItRefusesToStartAndNamesEachSetting() throws Exception {
        // The database accepts the development password, as one set up from the repository's files would.
        try (Connection connection = postgres.connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("alter role " + role + " password 'octet'");
        }
        start(Map.of("QUARKUS_DATASOURCE_USERNAME", role, "QUARKUS_DATASOURCE_PASSWORD", "octet"));

        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the service stops by itself").isTrue();
        String log = Files.readString(output);
        assertThat(process.exitValue()).as(log).isNotZero();
        assertThat(log).contains("Refusing to start")
                .contains("octet.jwt.key-encryption-key (OCTET_JWT_KEY_ENCRYPTION_KEY)")
                .contains("quarkus.datasource.password (QUARKUS_DATASOURCE_PASSWORD)")
                .contains("octet.operator.password (OCTET_OPERATOR_PASSWORD)")
                .contains("OCTET_DEVELOPMENT_SECRETS_ALLOWED=true");
    }

    @Test
    void withSecretsOfItsOwnItStarts() throws Exception {
        start(Map.of("QUARKUS_DATASOURCE_USERNAME", role, "QUARKUS_DATASOURCE_PASSWORD", rolePassword,
                "OCTET_JWT_KEY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(random(32)),
                "OCTET_OPERATOR_PASSWORD", Base64.getEncoder().encodeToString(random(18))));

        await().atMost(Duration.ofMinutes(2)).until(() -> Files.readString(output).contains("started in") || !process.isAlive());
        assertThat(process.isAlive()).as(Files.readString(output)).isTrue();
        assertThat(Files.readString(output)).doesNotContain("Refusing to start");
    }

    private void start(Map<String, String> secrets) throws IOException {
        assertThat(JAR).as("the packaged service (mvn package)").exists();
        output = Files.createTempFile("user-service", ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-jar", JAR.toString()).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> environment = new HashMap<>(Map.of(
                "QUARKUS_PROFILE", "prod",
                "QUARKUS_HTTP_PORT", "0",
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_OTEL_SDK_DISABLED", "true",
                "QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(database),
                "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database)));
        environment.putAll(secrets);
        builder.environment().keySet().removeIf(name -> name.startsWith("QUARKUS_") || name.startsWith("OCTET_"));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }
}
