package dev.octet.testing;

import dev.octet.local.KafkaBroker;
import dev.octet.local.Ports;
import dev.octet.local.PostgresServer;
import dev.octet.local.S3Server;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real servers a test JVM uses: one PostgreSQL, one Kafka broker and one S3 server, started on
 * first use and shared by every test class of the module, stopped when the JVM exits.
 *
 * <p>Where a Docker engine answers they are Testcontainers; where none does, local processes from
 * infra/local on free ports. {@code OCTET_TEST_INFRA=local|containers} forces one.
 */
public final class TestInfrastructure {

    public static final String POSTGRES_IMAGE = "postgres:15.10-alpine";
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    public static final String S3_IMAGE = "adobe/s3mock:4.11.0";

    private static TestPostgres postgres;
    private static String kafka;
    private static S3Endpoint s3;
    private static Path home;
    private static final List<AutoCloseable> running = new ArrayList<>();

    private TestInfrastructure() {
    }

    /** True when the servers run as Testcontainers rather than local processes. */
    public static synchronized boolean usesContainers() {
        String forced = System.getenv().getOrDefault("OCTET_TEST_INFRA", "auto").toLowerCase(Locale.ROOT);
        return switch (forced) {
            case "local" -> false;
            case "containers" -> true;
            default -> dockerAvailable();
        };
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static synchronized TestPostgres postgres() {
        if (postgres == null) {
            postgres = usesContainers() ? containerPostgres() : localPostgres();
        }
        return postgres;
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            kafka = usesContainers() ? containerKafka() : localKafka();
        }
        return kafka;
    }

    public static synchronized S3Endpoint s3() {
        if (s3 == null) {
            s3 = usesContainers() ? containerS3() : localS3();
        }
        return s3;
    }

    /** A database name no other test class uses. */
    public static String uniqueDatabaseName(String prefix) {
        return (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT).replace('-', '_');
    }

    private static TestPostgres localPostgres() {
        PostgresServer server = register(PostgresServer.builder().home(home().resolve("postgres")).name("test-postgres")
                .port(Ports.free()).durable(false).setting("max_prepared_transactions", "64").start());
        return new TestPostgres("127.0.0.1", server.port(), server.user(), server.password());
    }

    private static String localKafka() {
        int[] kafkaPorts = Ports.free(2);
        KafkaBroker broker = register(KafkaBroker.builder().home(home().resolve("kafka")).name("test-kafka")
                .port(kafkaPorts[0]).controllerPort(kafkaPorts[1]).start());
        return broker.bootstrapServers();
    }

    private static S3Endpoint localS3() {
        S3Server server = register(S3Server.builder().home(home().resolve("s3")).name("test-s3").port(Ports.free()).start());
        return new S3Endpoint(server.endpoint(), S3Server.ACCESS_KEY, S3Server.SECRET_KEY, S3Server.REGION);
    }

    @SuppressWarnings("resource")
    private static TestPostgres containerPostgres() {
        PostgreSQLContainer container = register(new PostgreSQLContainer(POSTGRES_IMAGE)
                .withUsername(PostgresServer.DEFAULT_USER).withPassword(PostgresServer.DEFAULT_PASSWORD)
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off", "-c", "max_prepared_transactions=64"));
        container.start();
        return new TestPostgres(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                container.getPassword());
    }

    @SuppressWarnings("resource")
    private static String containerKafka() {
        KafkaContainer container = register(new KafkaContainer(KAFKA_IMAGE));
        container.start();
        return container.getBootstrapServers();
    }

    @SuppressWarnings("resource")
    private static S3Endpoint containerS3() {
        GenericContainer<?> container = register(new GenericContainer<>(S3_IMAGE).withExposedPorts(9090)
                .waitingFor(Wait.forHttp("/").forPort(9090)));
        container.start();
        return new S3Endpoint("http://" + container.getHost() + ":" + container.getMappedPort(9090),
                S3Server.ACCESS_KEY, S3Server.SECRET_KEY, S3Server.REGION);
    }

    private static <T extends AutoCloseable> T register(T server) {
        running.add(server);
        return server;
    }

    private static Path home() {
        if (home == null) {
            try {
                // Readable by others: when tests run as root, PostgreSQL runs as the postgres account.
                home = Files.createTempDirectory("octet-test-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::shutdown, "octet-test-infrastructure"));
        }
        return home;
    }

    private static synchronized void shutdown() {
        List<AutoCloseable> newestFirst = new ArrayList<>(running);
        java.util.Collections.reverse(newestFirst);
        for (AutoCloseable server : newestFirst) {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("Could not stop " + server + ": " + e);
            }
        }
        running.clear();
        deleteQuietly(home);
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + folder + ": " + e);
        }
    }
}
