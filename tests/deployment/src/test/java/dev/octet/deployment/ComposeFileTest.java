package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docker-compose.yml and .env as they are in the checkout: valid for Docker Compose, and consistent. */
class ComposeFileTest {

    private static final Repository REPOSITORY = Repository.current();
    private static ComposeFile compose;

    @BeforeAll
    static void load() {
        compose = ComposeFile.load(REPOSITORY.root());
    }

    @Test
    void crossChecksFindNothing() {
        List<String> problems = ComposeChecks.check(compose, REPOSITORY);
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void everyServiceModuleRunsInItsOwnContainerOrContainers() {
        for (ServiceModule module : REPOSITORY.serviceModules()) {
            assertThat(compose.services()).as("containers running %s", module.image())
                    .anyMatch(service -> service.image().map(Images::repository).filter(module.image()::equals).isPresent());
        }
        assertThat(compose.services()).extracting(ComposeFile.Service::name)
                .contains("chunk-server-1", "chunk-server-2", "chunk-server-3", "minio-1", "minio-2", "minio-3",
                        "shard-1", "shard-2", "shard-3", "shard-4", "postgres", "kafka", "kafka-init",
                        "otel-collector", "jaeger", "prometheus", "grafana");
    }

    @Test
    void eachChunkServerHasAnObjectStoreOfItsOwn() {
        for (int n = 1; n <= 3; n++) {
            ComposeFile.Service chunkServer = compose.service("chunk-server-" + n).orElseThrow();
            assertThat(chunkServer.environment()).containsEntry("OCTET_S3_ENDPOINT", "http://minio-" + n + ":9000");
            assertThat(chunkServer.dependsOn()).containsEntry("minio-" + n, "service_healthy");
        }
    }

    @Test
    void servicesSendTracesToTheCollectorWhichForwardsThemToJaeger() {
        for (ComposeFile.Service service : compose.services()) {
            if (service.image().map(Images::repository).filter(image -> image.startsWith("octet/")).isPresent()
                    && !service.name().equals("otel-collector") && !service.name().equals("jaeger")) {
                assertThat(service.environment()).as(service.name())
                        .containsEntry("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://otel-collector:4317");
            }
        }
        var collector = KubernetesChecks.yaml(REPOSITORY.resolve("infra/otel-collector/config.yaml"));
        assertThat(collector.path("exporters").path("otlp/jaeger").path("endpoint").asText()).isEqualTo("jaeger:4317");
        assertThat(collector.path("service").path("pipelines").path("traces").path("exporters").toString()).contains("otlp/jaeger");
    }
}
