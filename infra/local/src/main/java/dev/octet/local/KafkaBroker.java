package dev.octet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka broker in KRaft mode (broker and controller in one process), run
 * from the Kafka jars Maven downloaded. Its log folder survives a stop, so a restarted broker keeps
 * every acknowledged record.
 */
public final class KafkaBroker extends ProcessBackedServer {

    private final Builder settings;

    private KafkaBroker(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + settings.port;
    }

    public int port() {
        return settings.port;
    }

    @Override
    public synchronized KafkaBroker start() {
        if (isRunning()) {
            return this;
        }
        Ports.requireFree(settings.port, "Kafka");
        Ports.requireFree(settings.controllerPort, "the Kafka controller");
        String classpath = BuildArtifacts.kafkaClasspath();
        Path config = writeConfig();
        if (!Files.exists(settings.home.resolve("logs").resolve("meta.properties"))) {
            format(classpath, config);
        }
        List<String> command = new ArrayList<>(List.of(Java.executable(), "-Xms128m", "-Xmx" + settings.heap,
                "-XX:+UseG1GC", "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + writeLogConfig(),
                "-cp", classpath, "kafka.Kafka", config.toString()));
        process = ManagedProcess.start(settings.name, command, Map.of(), settings.home, settings.home.resolve("kafka.log"));
        Readiness.await(process, "serving clients on " + bootstrapServers(), settings.startTimeout, this::answers);
        return this;
    }

    private Path writeConfig() {
        String text = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + settings.controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + settings.port + ",CONTROLLER://127.0.0.1:" + settings.controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + settings.port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + settings.home.resolve("logs"),
                "num.partitions=" + settings.partitions,
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "") ;
        try {
            Files.createDirectories(settings.home);
            Path config = settings.home.resolve("server.properties");
            Files.writeString(config, text);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Broker output at INFO, with the chattiest request loggers quietened, to stdout (the process log). */
    private Path writeLogConfig() {
        String text = String.join("\n",
                "appender.console.type=Console",
                "appender.console.name=STDOUT",
                "appender.console.layout.type=PatternLayout",
                "appender.console.layout.pattern=[%d] %p %m (%c)%n",
                "rootLogger.level=INFO",
                "rootLogger.appenderRef.stdout.ref=STDOUT",
                "logger.request.name=kafka.request.logger",
                "logger.request.level=WARN",
                "logger.state.name=state.change.logger",
                "logger.state.level=WARN",
                "");
        try {
            Path file = settings.home.resolve("log4j2.properties");
            Files.writeString(file, text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void format(String classpath, Path config) {
        List<String> command = List.of(Java.executable(), "-Xmx256m", "-cp", classpath, "kafka.tools.StorageTool",
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString());
        ManagedProcess run = ManagedProcess.start(settings.name + "-format", command, Map.of(), settings.home,
                settings.home.resolve("format.log"));
        Readiness.await(run, "the end of storage formatting", Duration.ofMinutes(2), () -> !run.isAlive());
        if (!Files.exists(settings.home.resolve("logs").resolve("meta.properties"))) {
            throw new IllegalStateException("Formatting the Kafka log folder failed:\n" + run.tail(20));
        }
    }

    private boolean answers() {
        if (!Ports.isListening(settings.port)) {
            return false;
        }
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(properties)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** Creates the topics that do not exist yet, each with the broker's default partition count. */
    public void createTopics(java.util.Collection<String> topics) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            java.util.Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<org.apache.kafka.clients.admin.NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new org.apache.kafka.clients.admin.NewTopic(t, settings.partitions, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Cannot create topics " + topics + ": " + e.getMessage(), e);
        }
    }

    public static final class Builder {
        private Path home;
        private int port = 9092;
        private int controllerPort = 9093;
        private int partitions = 3;
        private String heap = "512m";
        private String name = "kafka";
        private Duration startTimeout = Duration.ofMinutes(2);

        /** The folder that holds the broker's log segments, its config and its output. */
        public Builder home(Path home) {
            this.home = home.toAbsolutePath();
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public KafkaBroker build() {
            if (home == null) {
                throw new IllegalStateException("KafkaBroker needs a home folder");
            }
            return new KafkaBroker(this);
        }

        public KafkaBroker start() {
            return build().start();
        }
    }
}
