package dev.octet.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalServersIT {

    private static Path home;

    @BeforeAll
    static void makeHome() throws Exception {
        home = Files.createTempDirectory("octet-local-test",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }

    @AfterAll
    static void removeHome() throws Exception {
        try (var paths = Files.walk(home)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void postgresKeepsCommittedRowsAcrossACrash() throws Exception {
        PostgresServer server = PostgresServer.builder().home(home.resolve("pg")).port(Ports.free()).start();
        try {
            server.createDatabase("sample");
            server.createDatabase("sample");
            try (Connection connection = server.connect("sample"); Statement statement = connection.createStatement()) {
                statement.execute("create table t (v int)");
                statement.execute("insert into t values (42)");
            }
            server.kill();
            assertThat(server.isRunning()).isFalse();
            server.start();
            try (Connection connection = server.connect("sample"); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select v from t")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        } finally {
            server.stop();
        }
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void postgresRefusesATakenPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            PostgresServer server = PostgresServer.builder().home(home.resolve("pg-taken")).port(taken.getLocalPort()).build();
            assertThatThrownBy(server::start).hasMessageContaining("already in use");
        }
    }

    @Test
    void kafkaKeepsAcknowledgedRecordsAcrossARestart() throws Exception {
        int[] ports = Ports.free(2);
        KafkaBroker broker = KafkaBroker.builder().home(home.resolve("kafka")).port(ports[0])
                .controllerPort(ports[1]).start();
        try {
            Properties producerConfig = new Properties();
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
            try (var producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("local-test", "k", "hello")).get();
            }
            broker.kill();
            broker.start();
            Properties consumerConfig = new Properties();
            consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "local-test");
            consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("local-test"));
                List<String> values = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    records.forEach(r -> values.add(r.value()));
                }
                assertThat(values).containsExactly("hello");
            }
        } finally {
            broker.stop();
        }
    }

    @Test
    void s3KeepsObjectsAcrossARestart() throws Exception {
        S3Server s3 = S3Server.builder().home(home.resolve("s3")).port(Ports.free()).start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            assertThat(send(http, HttpRequest.newBuilder(URI.create(s3.endpoint() + "/bucket")).PUT(
                    HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
            assertThat(send(http, HttpRequest.newBuilder(URI.create(s3.endpoint() + "/bucket/key")).PUT(
                    HttpRequest.BodyPublishers.ofString("payload"))).statusCode()).isEqualTo(200);
            s3.stop();
            s3.start();
            HttpResponse<String> read = send(http, HttpRequest.newBuilder(URI.create(s3.endpoint() + "/bucket/key")).GET());
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).isEqualTo("payload");
        } finally {
            s3.stop();
        }
    }

    @Test
    void aStoppedProcessIsGoneAndItsLogIsReadable() {
        ManagedProcess sleeper = ManagedProcess.start("sleeper", List.of("sh", "-c", "echo started; exec sleep 600"),
                Map.of(), home, home.resolve("sleeper.log"));
        Readiness.await(sleeper, "its first line", Duration.ofSeconds(10), () -> sleeper.tail(1).contains("started"));
        sleeper.kill();
        assertThat(sleeper.isAlive()).isFalse();
        assertThat(sleeper.tail(5)).contains("started");
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
