package dev.octet.chunk.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.octet.local.ManagedProcess;
import dev.octet.local.Ports;
import dev.octet.local.Readiness;
import dev.octet.local.S3Server;
import dev.octet.platform.identity.ServiceId;
import dev.octet.platform.identity.TokenSigner;
import dev.octet.testing.TestIdentities;
import dev.octet.testing.TestInfrastructure;
import dev.octet.testing.TestPostgres;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A whole file system as separate processes, the packaged jars with 256 MiB heaps: one metadata
 * service and N chunk servers, on real PostgreSQL and Kafka (shared test servers) and an S3 server
 * of its own whose files the tests can reach on disk. Processes can be killed (-9) and restarted.
 */
final class FileSystemCluster implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The tests read the metadata service's view as a chunk server would (one certificate for the whole service). */
    static final ServiceId OPERATOR_TOOLS = ServiceId.of("chunk-server");

    private final Path home;
    private final S3Server s3;
    private final TestPostgres postgres;
    private final String database;
    private final Map<String, String> metadataSettings;
    private final int metadataPort = Ports.free();
    private final Map<Integer, Integer> chunkPorts = new LinkedHashMap<>();
    private final Map<Integer, ManagedProcess> chunkServers = new HashMap<>();
    private ManagedProcess metadata;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final S3Client s3Client;

    private FileSystemCluster(Path home, Map<String, String> metadataSettings, int chunkServerCount) {
        this.home = home;
        this.metadataSettings = metadataSettings;
        this.s3 = S3Server.builder().home(home.resolve("s3")).name("dfs-test-s3").port(Ports.free()).start();
        this.postgres = TestInfrastructure.postgres();
        this.database = postgres.createDatabase("metadata");
        this.s3Client = S3Client.builder().endpointOverride(URI.create(s3.endpoint())).region(Region.of(S3Server.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY,
                        S3Server.SECRET_KEY)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        for (int i = 1; i <= chunkServerCount; i++) {
            chunkPorts.put(i, Ports.free());
        }
    }

    /** Starts the cluster and waits until every chunk server is registered and alive. */
    static FileSystemCluster start(int chunkServers, Map<String, String> metadataSettings) {
        try {
            Path home = Files.createTempDirectory("octet-dfs-it-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            FileSystemCluster cluster = new FileSystemCluster(home, metadataSettings, chunkServers);
            cluster.startMetadata();
            cluster.chunkPorts.keySet().forEach(cluster::startChunkServer);
            cluster.chunkPorts.keySet().forEach(cluster::awaitChunkServerReady);
            cluster.awaitAlive(chunkServers);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void startMetadata() {
        Map<String, String> env = new HashMap<>(commonEnv());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(metadataPort));
        // The test servers' credentials are the repository's development ones.
        env.put("OCTET_DEVELOPMENT_SECRETS_ALLOWED", "true");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(database));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(database));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.kafkaBootstrapServers());
        env.put("QUARKUS_LOG_CATEGORY__DEV_OCTET_METADATA__LEVEL", "DEBUG");
        env.put("OCTET_IDENTITY_FOLDER", TestIdentities.trustOnly().toString());
        metadataSettings.forEach((key, value) -> env.put(envName(key), value));
        metadata = launch("metadata-service", System.getProperty("metadata-service.jar"), env);
        Readiness.await(metadata, "ready", Duration.ofMinutes(2), () -> status(metadataUrl() + "/q/health/ready") == 200);
    }

    void startChunkServer(int index) {
        int port = chunkPorts.get(index);
        Map<String, String> env = new HashMap<>(commonEnv());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("OCTET_DEVELOPMENT_SECRETS_ALLOWED", "true");
        env.put("OCTET_CHUNK_SERVER_ID", serverId(index));
        env.put("OCTET_IDENTITY_FOLDER", TestIdentities.folderFor(ServiceId.of("chunk-server", serverId(index))).toString());
        env.put("OCTET_CHUNK_ADVERTISED_URL", "http://127.0.0.1:" + port);
        env.put("OCTET_CHUNK_BUCKET", bucket(index));
        env.put("OCTET_CHUNK_HEARTBEAT_INTERVAL", "500ms");
        env.put("OCTET_CHUNK_BLOCK_REPORT_INTERVAL", "3s");
        env.put("OCTET_CHUNK_BLOCK_REPORT_DELAY", "1s");
        env.put("OCTET_S3_ENDPOINT", s3.endpoint());
        env.put("OCTET_S3_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        env.put("OCTET_S3_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        env.put("OCTET_S3_REGION", S3Server.REGION);
        env.put("QUARKUS_REST_CLIENT_METADATA_URL", metadataUrl());
        env.put("OCTET_FILES_STALL_TIMEOUT", "10s");
        chunkServers.put(index, launch(serverId(index), System.getProperty("chunk-server.jar"), env));
    }

    void awaitChunkServerReady(int index) {
        Readiness.await(chunkServers.get(index), "ready", Duration.ofMinutes(2),
                () -> status(url(index) + "/q/health/ready") == 200);
    }

    private ManagedProcess launch(String name, String jar, Map<String, String> env) {
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("No packaged jar at " + jar + ": run the integration tests with ./mvnw verify");
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar);
        return ManagedProcess.start(name, command, env, home, home.resolve(name + ".log"));
    }

    private static Map<String, String> commonEnv() {
        return Map.of("QUARKUS_OTEL_SDK_DISABLED", "true");
    }

    private static String envName(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    // --- faults ---

    void killChunkServer(int index) {
        chunkServers.get(index).kill();
    }

    void restartChunkServer(int index) {
        startChunkServer(index);
        awaitChunkServerReady(index);
    }

    void killMetadata() {
        metadata.kill();
    }

    void restartMetadata() {
        startMetadata();
    }

    /** Waits until the metadata service sees {@code count} live chunk servers. */
    void awaitAlive(int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> replicationHealth().path("serversAlive").asInt() == count);
    }

    // --- addresses ---

    String url(int index) {
        return "http://127.0.0.1:" + chunkPorts.get(index);
    }

    String metadataUrl() {
        return "http://127.0.0.1:" + metadataPort;
    }

    static String serverId(int index) {
        return "chunk-" + index;
    }

    static String bucket(int index) {
        return "chunks-" + index;
    }

    int indexOf(String serverId) {
        return Integer.parseInt(serverId.substring("chunk-".length()));
    }

    List<Integer> chunkServerIndexes() {
        return new ArrayList<>(chunkPorts.keySet());
    }

    // --- the metadata service's view ---

    JsonNode replicationHealth() throws IOException, InterruptedException {
        return getJson(metadataUrl() + "/chunks/replication");
    }

    JsonNode chunk(String chunkId) throws IOException, InterruptedException {
        return getJson(metadataUrl() + "/chunks/" + chunkId);
    }

    JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header(TokenSigner.HEADER, TestIdentities.token(OPERATOR_TOOLS, "metadata-service")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Requests the metadata service has answered so far, by "METHOD uri-template", from its Prometheus metrics. */
    Map<String, Long> metadataRequests() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(metadataUrl() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Long> counts = new HashMap<>();
        // Labels run to the last brace: a templated uri such as /uploads/{id}/commit holds braces itself.
        Matcher line = Pattern.compile("(?m)^http_server_requests_seconds_count\\{(.*)} ([0-9.E+]+)$").matcher(response.body());
        while (line.find()) {
            Matcher method = Pattern.compile("method=\"([^\"]*)\"").matcher(line.group(1));
            Matcher uri = Pattern.compile("uri=\"([^\"]*)\"").matcher(line.group(1));
            if (method.find() && uri.find()) {
                counts.merge(method.group(1) + " " + uri.group(1), (long) Double.parseDouble(line.group(2)), Long::sum);
            }
        }
        return counts;
    }

    // --- the object store, seen directly ---

    /** Every replica object in every chunk server's bucket, as (server id, chunk id). */
    Set<String> storedReplicas() {
        Set<String> replicas = new HashSet<>();
        for (int index : chunkPorts.keySet()) {
            try {
                for (S3Object object : s3Client.listObjectsV2Paginator(b -> b.bucket(bucket(index)).prefix("chunks/")).contents()) {
                    replicas.add(serverId(index) + ":" + object.key().substring("chunks/".length()));
                }
            } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException e) {
                // This server never started.
            }
        }
        return replicas;
    }

    byte[] storedObject(int index, String chunkId) {
        return s3Client.getObjectAsBytes(b -> b.bucket(bucket(index)).key("chunks/" + chunkId)).asByteArray();
    }

    /** Flips one byte of a replica in the S3 server's files on disk, as a failing disk would. */
    void corruptOnDisk(int index, String chunkId, long offset) throws IOException {
        Path bucketFolder = home.resolve("s3").resolve("objects").resolve(bucket(index));
        JsonNode objects = JSON.readTree(bucketFolder.resolve("bucketMetadata.json").toFile()).path("objects");
        String objectFolder = objects.path("chunks/" + chunkId).asText();
        if (objectFolder.isEmpty()) {
            throw new IllegalStateException("no object for chunk " + chunkId + " in " + bucketFolder);
        }
        try (RandomAccessFile file = new RandomAccessFile(bucketFolder.resolve(objectFolder).resolve("binaryData").toFile(), "rw")) {
            file.seek(offset);
            int value = file.read();
            file.seek(offset);
            file.write(value ^ 0xff);
        }
    }

    /** Everything {@code name} (metadata-service, chunk-1, ...) has logged so far. */
    String log(String name) throws IOException {
        return Files.readString(home.resolve(name + ".log"));
    }

    String logTail(String name) {
        return name.equals("metadata-service") ? metadata.tail(60) : chunkServers.get(indexOf(name)).tail(60);
    }

    @Override
    public void close() {
        chunkServers.values().forEach(ManagedProcess::stop);
        if (metadata != null) {
            metadata.stop();
        }
        s3Client.close();
        s3.stop();
        postgres.dropDatabase(database);
    }

    private int status(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static String randomName() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
