package dev.octet.devstack;

import dev.octet.local.KafkaBroker;
import dev.octet.local.PostgresServer;
import dev.octet.local.S3Server;
import dev.octet.platform.identity.ServiceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the devstack runs, in start order: infrastructure first, then every service whose
 * module exists in this checkout. Each service gets the same configuration keys it gets in compose
 * and k8s, as environment variables.
 */
final class StackDefinition {

    static final List<String> DATABASES = List.of("users", "products", "orders", "metadata");
    static final String QUERY_ROUTER_MODULE = "services/query-router";
    static final String SHARD_DATABASE = "orders";
    /** The user order-service logs in to the query router as. */
    static final String ORDER_SERVICE_ROUTER_USER = "order_service";
    /** Made up front, so consumers that start before the first event find their topic. */
    static final List<String> TOPICS = List.of("orders", "products", "files",
            "orders.dlq.product-service", "products.dlq.order-service");

    private final StackLayout layout;
    private final DatabaseRoles roles;
    private final ServiceIdentities identities;

    StackDefinition(StackLayout layout) {
        this.layout = layout;
        this.roles = new DatabaseRoles(layout.home());
        this.identities = new ServiceIdentities(layout.home());
    }

    /** The infrastructure, which services need before they can start. */
    List<Component> infrastructure() {
        int postgresPort = layout.port(StackLayout.POSTGRES);
        PostgresServer postgres = PostgresServer.builder().name("postgres").home(layout.home().resolve("postgres"))
                .port(postgresPort).setting("max_prepared_transactions", "64").build();
        KafkaBroker kafka = KafkaBroker.builder().name("kafka").home(layout.home().resolve("kafka"))
                .port(layout.port(StackLayout.KAFKA)).controllerPort(layout.port(StackLayout.KAFKA_CONTROLLER)).build();
        S3Server s3 = S3Server.builder().name("s3").home(layout.home().resolve("s3")).port(layout.port(StackLayout.S3)).build();
        List<Component> components = new ArrayList<>(List.of(
                new InfrastructureComponent("postgres", List.of(postgresPort),
                        "postgresql://octet:octet@127.0.0.1:" + postgresPort + " (databases " + String.join(", ", DATABASES) + ")",
                        "connections on 127.0.0.1:" + postgresPort, postgres,
                        layout.home().resolve("postgres/postgres.log"), () -> DATABASES.forEach(database -> {
                            String owner = DatabaseRoles.ownerOf(database);
                            postgres.createRole(owner, roles.password(owner));
                            postgres.createDatabase(database, owner);
                        })),
                new InfrastructureComponent("kafka", List.of(kafka.port(), layout.port(StackLayout.KAFKA_CONTROLLER)),
                        kafka.bootstrapServers(), "the broker on " + kafka.bootstrapServers(), kafka,
                        layout.home().resolve("kafka/kafka.log"), () -> kafka.createTopics(TOPICS)),
                new InfrastructureComponent("s3", List.of(s3.port()), s3.endpoint(), "S3 requests on " + s3.endpoint(), s3,
                        layout.home().resolve("s3/s3.log"), () -> { })));
        if (hasModule(QUERY_ROUTER_MODULE)) {
            for (int n = 1; n <= StackLayout.SHARDS; n++) {
                components.add(shard(n));
            }
        }
        return components;
    }

    /** Shard n of the distributed database: a PostgreSQL server of its own, ready for two-phase commit. */
    private Component shard(int n) {
        String name = "shard-" + n;
        int port = layout.port(StackLayout.FIRST_SHARD + n - 1);
        PostgresServer server = PostgresServer.builder().name(name).home(layout.home().resolve("shards").resolve(name))
                .port(port).setting("max_prepared_transactions", "64").build();
        return new InfrastructureComponent(name, List.of(port),
                "postgresql://octet:octet@127.0.0.1:" + port + "/" + SHARD_DATABASE, "connections on 127.0.0.1:" + port,
                server, layout.home().resolve("shards").resolve(name).resolve("postgres.log"),
                () -> {
                    server.createRole(DatabaseRoles.SHARD_ROLE, roles.password(DatabaseRoles.SHARD_ROLE));
                    server.createDatabase(SHARD_DATABASE, DatabaseRoles.SHARD_ROLE);
                });
    }

    /**
     * The services built from this checkout's modules, in tiers started one after another: the query
     * router before the order-service that keeps its orders through it.
     */
    List<List<ServiceComponent>> serviceTiers() {
        List<ServiceComponent> first = new ArrayList<>();
        add(first, "user-service", "services/user-service", StackLayout.USER_SERVICE, withDatabase("users"));
        add(first, "product-service", "services/product-service", StackLayout.PRODUCT_SERVICE,
                withKafkaAndTokens(withDatabase("products")));
        add(first, "query-router", QUERY_ROUTER_MODULE, StackLayout.QUERY_ROUTER, queryRouter(),
                List.of(layout.port(StackLayout.QUERY_ROUTER_POSTGRES))).ifPresent(router -> router.describedAs(
                "postgresql://octet:octet@127.0.0.1:" + layout.port(StackLayout.QUERY_ROUTER_POSTGRES) + "/"
                        + SHARD_DATABASE + " (admin API http://127.0.0.1:" + layout.port(StackLayout.QUERY_ROUTER) + ")"));
        add(first, "metadata-service", "services/metadata-service", StackLayout.METADATA_SERVICE,
                withIdentity(withKafka(withDatabase("metadata")), identities.trustOnly("metadata-service")));
        for (int n = 1; n <= StackLayout.CHUNK_SERVERS; n++) {
            add(first, "chunk-server-" + n, "services/chunk-server", StackLayout.FIRST_CHUNK_SERVER + n - 1, chunkServer(n));
        }
        add(first, "gateway", "gateway", StackLayout.GATEWAY,
                withIdentity(gatewayRoutes(), identities.issue("gateway", ServiceId.of("gateway"))));

        List<ServiceComponent> second = new ArrayList<>();
        Map<String, String> orders = hasModule(QUERY_ROUTER_MODULE) ? throughQueryRouter() : withDatabase("orders");
        add(second, "order-service", "services/order-service", StackLayout.ORDER_SERVICE, withKafkaAndTokens(orders));
        return List.of(first, second);
    }

    /** Every service, in start order. */
    List<ServiceComponent> services() {
        return serviceTiers().stream().flatMap(List::stream).toList();
    }

    private boolean hasModule(String module) {
        return Files.isDirectory(layout.module(module));
    }

    /** The query router in front of the four shards; tables and auth are as in its application.properties. */
    private Map<String, String> queryRouter() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OCTET_ROUTER_HOST", layout.bindAddress());
        env.put("OCTET_ROUTER_PORT", Integer.toString(layout.port(StackLayout.QUERY_ROUTER_POSTGRES)));
        List<String> shards = new ArrayList<>();
        for (int n = 0; n < StackLayout.SHARDS; n++) {
            shards.add("127.0.0.1:" + layout.port(StackLayout.FIRST_SHARD + n) + "/" + SHARD_DATABASE);
        }
        env.put("OCTET_ROUTER_SHARDS", String.join(",", shards));
        env.put("OCTET_ROUTER_SHARD_USER", DatabaseRoles.SHARD_ROLE);
        env.put("OCTET_ROUTER_SHARD_PASSWORD", roles.password(DatabaseRoles.SHARD_ROLE));
        // The router's own users: an operator (psql, pgbench) and order-service.
        env.put("OCTET_ROUTER_AUTH_USERS", PostgresServer.DEFAULT_USER + ":" + PostgresServer.DEFAULT_PASSWORD + ","
                + ORDER_SERVICE_ROUTER_USER + ":" + roles.password(ORDER_SERVICE_ROUTER_USER));
        return env;
    }

    /** The order-service's datasources pointed at the query router instead of PostgreSQL: no code change. */
    private Map<String, String> throughQueryRouter() {
        Map<String, String> env = new LinkedHashMap<>();
        int port = layout.port(StackLayout.QUERY_ROUTER_POSTGRES);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + port + "/" + SHARD_DATABASE);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + port + "/" + SHARD_DATABASE);
        // order-service logs in to the router as a user of its own, as it would to PostgreSQL.
        env.put("QUARKUS_DATASOURCE_USERNAME", ORDER_SERVICE_ROUTER_USER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", roles.password(ORDER_SERVICE_ROUTER_USER));
        return env;
    }

    private void add(List<ServiceComponent> services, String name, String module, int standardPort,
                     Map<String, String> environment) {
        add(services, name, module, standardPort, environment, List.of());
    }

    /** Adds the service if its module is in this checkout, and returns it. */
    private Optional<ServiceComponent> add(List<ServiceComponent> services, String name, String module, int standardPort,
                                           Map<String, String> environment, List<Integer> otherPorts) {
        if (!hasModule(module)) {
            return Optional.empty();
        }
        Map<String, String> env = new LinkedHashMap<>(common());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(layout.port(standardPort)));
        env.putAll(environment);
        ServiceComponent service = new ServiceComponent(name, module, layout.port(standardPort), otherPorts, env, "256m", layout);
        services.add(service);
        return Optional.of(service);
    }

    private Map<String, String> common() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_LOG_CONSOLE_COLOR", "false");
        // Quarkus listens on every interface by default (0.0.0.0); the devstack only on its bind address.
        env.put("QUARKUS_HTTP_HOST", layout.bindAddress());
        // The devstack's passwords and keys are the repository's development values, which a service
        // refuses outside development (dev.octet.platform.secrets.DevelopmentSecrets).
        env.put("OCTET_DEVELOPMENT_SECRETS_ALLOWED", "true");
        // Traces go to OCTET_OTLP_ENDPOINT (an OpenTelemetry collector) if set, else to the control
        // server, which drops them: tracing stays on, and no service logs failed exports.
        String collector = System.getenv("OCTET_OTLP_ENDPOINT");
        if (collector == null || collector.isBlank()) {
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:" + layout.port(StackLayout.CONTROL));
        } else {
            env.put("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector);
        }
        return env;
    }

    private Map<String, String> withDatabase(String database) {
        Map<String, String> env = new LinkedHashMap<>();
        int port = layout.port(StackLayout.POSTGRES);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:" + port + "/" + database);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + port + "/" + database);
        String role = DatabaseRoles.ownerOf(database);
        env.put("QUARKUS_DATASOURCE_USERNAME", role);
        env.put("QUARKUS_DATASOURCE_PASSWORD", roles.password(role));
        return env;
    }

    /** Where the service finds its identity (docs/security.md#service-identity). */
    private static Map<String, String> withIdentity(Map<String, String> env, Path folder) {
        env.put("OCTET_IDENTITY_FOLDER", folder.toString());
        return env;
    }

    private Map<String, String> withKafkaAndTokens(Map<String, String> env) {
        withKafka(env).put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", jwks());
        return env;
    }

    private Map<String, String> withKafka(Map<String, String> env) {
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + layout.port(StackLayout.KAFKA));
        return env;
    }

    /** Chunk server n: its own id and bucket on the shared S3 server, reporting to the metadata service. */
    private Map<String, String> chunkServer(int n) {
        Map<String, String> env = new LinkedHashMap<>();
        String self = local(StackLayout.FIRST_CHUNK_SERVER + n - 1);
        env.put("OCTET_CHUNK_SERVER_ID", "chunk-" + n);
        withIdentity(env, identities.issue("chunk-server-" + n, ServiceId.of("chunk-server", "chunk-" + n)));
        env.put("OCTET_CHUNK_ADVERTISED_URL", self);
        env.put("OCTET_CHUNK_BUCKET", "chunks-" + n);
        env.put("OCTET_S3_ENDPOINT", "http://127.0.0.1:" + layout.port(StackLayout.S3));
        env.put("OCTET_S3_ACCESS_KEY_ID", S3Server.ACCESS_KEY);
        env.put("OCTET_S3_SECRET_ACCESS_KEY", S3Server.SECRET_KEY);
        env.put("OCTET_S3_REGION", S3Server.REGION);
        env.put("QUARKUS_REST_CLIENT_METADATA_URL", local(StackLayout.METADATA_SERVICE));
        return env;
    }

    private Map<String, String> gatewayRoutes() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OCTET_GATEWAY_ROUTES_USERS_TARGETS", local(StackLayout.USER_SERVICE));
        env.put("OCTET_GATEWAY_ROUTES_PRODUCTS_TARGETS", local(StackLayout.PRODUCT_SERVICE));
        env.put("OCTET_GATEWAY_ROUTES_ORDERS_TARGETS", local(StackLayout.ORDER_SERVICE));
        List<String> chunkServers = new ArrayList<>();
        for (int n = 0; n < StackLayout.CHUNK_SERVERS; n++) {
            chunkServers.add(local(StackLayout.FIRST_CHUNK_SERVER + n));
        }
        env.put("OCTET_GATEWAY_ROUTES_FILES_TARGETS", String.join(",", chunkServers));
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", jwks());
        return env;
    }

    private String jwks() {
        return local(StackLayout.USER_SERVICE) + "/.well-known/jwks.json";
    }

    private String local(int standardPort) {
        return "http://127.0.0.1:" + layout.port(standardPort);
    }
}
