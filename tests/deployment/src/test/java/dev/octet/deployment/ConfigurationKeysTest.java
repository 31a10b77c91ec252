package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading the keys a service accepts from its sources, which the environment checks rely on. */
class ConfigurationKeysTest {

    private static final Repository REPOSITORY = Repository.current();

    @Test
    void aConfigMappingsKeysComeFromItsMethodsGroupsMapsAndNames() {
        String source = """
                package example;
                @ConfigMapping(prefix = "octet.example")
                public interface ExampleConfig {
                    /** A comment with a brace { and a semicolon; */
                    @WithDefault("5s")
                    Duration heartbeatInterval();
                    Optional<String> metadataUrl();
                    @WithName("max-size")
                    int maximum();
                    Map<String, Route> routes();
                    Cache cache();
                    default String computed() {
                        return "x";
                    }
                    interface Route {
                        List<URI> targets();
                    }
                    interface Cache {
                        @WithDefault("32M")
                        MemorySize maxSize();
                    }
                }
                """;
        assertThat(ConfigMappingKeys.of(source)).containsExactly("octet.example.heartbeat-interval", "octet.example.metadata-url",
                "octet.example.max-size", "octet.example.routes.*.targets", "octet.example.cache.max-size");
    }

    @Test
    void environmentVariablesMatchTheKeysTheyOverride() {
        ConfigurationKeys gateway = ConfigurationKeys.of(REPOSITORY.serviceModule("gateway"), REPOSITORY);
        assertThat(gateway.accepts("OCTET_GATEWAY_ROUTES_FILES_TARGETS")).isTrue();
        assertThat(gateway.accepts("OCTET_GATEWAY_ROUTES_ANY_NEW_ROUTE_PREFIX")).isTrue();
        assertThat(gateway.accepts("OCTET_GATEWAY_TIMEOUTS_IDLE")).isTrue();
        assertThat(gateway.accepts("MP_JWT_VERIFY_PUBLICKEY_LOCATION")).isTrue();
        assertThat(gateway.accepts("OCTET_GATEWAY_TIMEOUT_IDLE")).isFalse();
        assertThat(gateway.accepts("KAFKA_BOOTSTRAP_SERVERS")).isFalse();

        ConfigurationKeys router = ConfigurationKeys.of(REPOSITORY.serviceModule("query-router"), REPOSITORY);
        assertThat(router.accepts("OCTET_ROUTER_METADATA_URL")).as("a key only its @ConfigMapping declares").isTrue();
        assertThat(router.accepts("OCTET_ROUTER_AUTH_USERS")).isTrue();
    }

    @Test
    void keysPointingAtLocalhostMustBeSetByADeployment() {
        assertThat(ConfigurationKeys.of(REPOSITORY.serviceModule("chunk-server"), REPOSITORY).localDefaults())
                .contains("OCTET_CHUNK_ADVERTISED_URL", "OCTET_S3_ENDPOINT", "QUARKUS_REST_CLIENT_METADATA_URL")
                .doesNotContain("OCTET_CHUNK_BUCKET");
    }
}
