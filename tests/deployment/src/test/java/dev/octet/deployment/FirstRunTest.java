package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a first run on a real engine needs, checked on the files as they are, and each defect found when
 * the deployment was first read as a new user would, put back into a copy and named by the checks.
 */
class FirstRunTest {

    private static final Repository REPOSITORY = Repository.current();
    /** What the local overlay may request in all: a laptop's kind or Docker Desktop cluster. */
    private static final long LOCAL_REQUESTS_MIB = 3 * 1024;

    @TempDir
    Path temporary;
    private Workspace copy;

    @BeforeEach
    void copyTheFiles() {
        copy = Workspace.copyOf(REPOSITORY, temporary);
    }

    @Test
    void theFilesAsTheyAreHaveNoneOfTheseDefects() {
        assertThat(FirstRunChecks.gitattributes(REPOSITORY.root())).isEmpty();
        assertThat(FirstRunChecks.compose(ComposeFile.load(REPOSITORY.root()))).isEmpty();
        assertThat(FirstRunChecks.flywayRetries(REPOSITORY.serviceModules())).isEmpty();
        for (String overlay : List.of("local", "production")) {
            List<KubeObject> objects = KubernetesOverlaysTest.rendered(overlay);
            assertThat(FirstRunChecks.kubernetes(objects)).as(overlay).isEmpty();
            assertThat(ConnectionBudget.check(objects, REPOSITORY.serviceModules())).as(overlay).isEmpty();
        }
        assertThat(FirstRunChecks.requestedMemoryMiB(KubernetesOverlaysTest.rendered("local"))).isLessThanOrEqualTo(LOCAL_REQUESTS_MIB);
    }

    @Test
    void withoutGitattributesACheckoutMayTurnScriptsIntoCrlf() throws IOException {
        Files.delete(copy.root().resolve(".gitattributes"));
        assertThat(FirstRunChecks.gitattributes(copy.root())).singleElement().asString().startsWith(".gitattributes: missing");
    }

    @Test
    void kafkaLogsAtTheRootOfItsVolumeAreNamed() {
        copy.replace("docker-compose.yml", "KAFKA_LOG_DIRS: /var/lib/kafka/data/logs", "KAFKA_LOG_DIRS: /var/lib/kafka/data");
        assertThat(FirstRunChecks.compose(ComposeFile.load(copy.root()))).singleElement().asString()
                .startsWith("docker-compose.yml: services.kafka.volumes: kafka keeps its data at /var/lib/kafka/data, the root of volume "
                        + "kafka-data; a new ext4 volume has lost+found there");
    }

    @Test
    void postgresAndMinioDataAtTheRootOfTheirVolumesAreNamed() {
        copy.replace("docker-compose.yml", "      PGDATA: /var/lib/postgresql/data/pgdata\n      # infra/postgres/init:",
                "      # infra/postgres/init:");
        copy.replace("docker-compose.yml", "\"server\", \"/data/objects\"", "\"server\", \"/data\"");
        assertThat(FirstRunChecks.compose(ComposeFile.load(copy.root())))
                .anySatisfy(problem -> assertThat(problem).startsWith("docker-compose.yml: services.postgres.volumes: postgres keeps its data "
                        + "at /var/lib/postgresql/data, the root of volume postgres-data"))
                .anySatisfy(problem -> assertThat(problem).startsWith("docker-compose.yml: services.minio-2.volumes: minio-2 keeps its data "
                        + "at /data, the root of volume minio-2-data"))
                .hasSize(4);
    }

    @Test
    void aKafkaHealthCheckThatStartsAJvmIsNamed() {
        copy.replace("docker-compose.yml", "test: [\"CMD-SHELL\", \"bash -c 'exec 3<>/dev/tcp/127.0.0.1/9092'\"]",
                "test: [\"CMD-SHELL\", \"/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server 127.0.0.1:9092 >/dev/null 2>&1\"]");
        assertThat(FirstRunChecks.compose(ComposeFile.load(copy.root()))).singleElement().asString()
                .startsWith("docker-compose.yml: services.kafka.healthcheck: runs one of Kafka's tools, which starts a second JVM");
    }

    @Test
    void serviceLinksAndKafkaLogsAtTheRootOfAPersistentVolumeAreNamed() {
        copy.replace("k8s/base/kafka/statefulset.yaml", "      enableServiceLinks: false\n", "");
        copy.replace("k8s/base/kafka/statefulset.yaml", "value: /var/lib/kafka/data/logs", "value: /var/lib/kafka/data");
        assertThat(FirstRunChecks.kubernetes(Kustomize.render(copy.root().resolve("k8s/overlays/local")))).containsExactly(
                "StatefulSet/kafka: enableServiceLinks is not false; every Service in the namespace becomes variables such as "
                        + "KAFKA_PORT in the pod, which Kafka's image and Quarkus read as configuration",
                "StatefulSet/kafka: container kafka keeps its data at /var/lib/kafka/data, the root of volume data; a new ext4 volume "
                        + "has lost+found there, and the server refuses to start in a folder that is not empty: keep the data in a "
                        + "folder inside the volume");
    }

    @Test
    void aServiceThatDoesNotWaitForItsDatabaseIsNamed() throws IOException {
        Path module = temporary.resolve("services/ledger-service");
        Files.createDirectories(module.resolve("src/main/resources"));
        Files.writeString(module.resolve("pom.xml"), "<project><dependencies><dependency><groupId>io.quarkus</groupId>"
                + "<artifactId>quarkus-flyway</artifactId></dependency></dependencies></project>");
        Files.writeString(module.resolve("src/main/resources/application.properties"), "quarkus.flyway.migrate-at-start=true\n");
        assertThat(FirstRunChecks.flywayRetries(List.of(new ServiceModule("services/ledger-service", module))))
                .singleElement().asString()
                .startsWith("services/ledger-service/src/main/resources/application.properties: no quarkus.flyway.connect-retries");
    }

    @Test
    void theConnectionBudgetCountsEveryPoolAtItsHighestReplicaCount() {
        Map<String, Integer> demand = ConnectionBudget.demand(KubernetesOverlaysTest.rendered("production"), REPOSITORY.serviceModules());
        // user- and product-service autoscale to 6 replicas, metadata-service runs one: 22 connections each
        // (reactive pool 20, Flyway's 2); two routers hold 32 + 5 on every shard.
        assertThat(demand).containsEntry("postgres", 6 * 22 + 6 * 22 + 22).containsEntry("shard", 2 * 37);

        copy.replace("k8s/base/postgres/statefulset.yaml", "\"max_connections=400\"", "\"max_connections=100\"");
        assertThat(ConnectionBudget.check(Kustomize.render(copy.root().resolve("k8s/overlays/production")), REPOSITORY.serviceModules()))
                .containsExactly("StatefulSet/postgres: max_connections 100 (3 kept for superusers), but its clients' pools at their "
                        + "highest replica counts take 286: raise it (postgres -c max_connections=...) or shrink the pools");
    }

    @Test
    void theBaseRequestsWouldNotFitALaptopsCluster() {
        long base = FirstRunChecks.requestedMemoryMiB(Kustomize.render(REPOSITORY.resolve("k8s/base")));
        assertThat(base).isGreaterThan(LOCAL_REQUESTS_MIB);
        assertThat(FirstRunChecks.mebibytes("1Gi")).isEqualTo(1024);
        assertThat(FirstRunChecks.mebibytes("512M")).isEqualTo(488);
    }

    @Test
    void theKindClusterIsPinnedToAKubernetesOfAtLeast130() throws IOException {
        JsonNode cluster = new YAMLMapper().readTree(REPOSITORY.read("k8s/kind/cluster.yaml"));
        assertThat(cluster.path("kind").asText()).isEqualTo("Cluster");
        assertThat(cluster.path("apiVersion").asText()).isEqualTo("kind.x-k8s.io/v1alpha4");
        assertThat(cluster.path("nodes")).isNotEmpty().allSatisfy(node -> {
            String image = node.path("image").asText();
            assertThat(image).matches("kindest/node:v1\\.(\\d+)\\.\\d+@sha256:[0-9a-f]{64}");
            assertThat(Integer.parseInt(image.replaceAll("kindest/node:v1\\.(\\d+)\\..*", "$1"))).isGreaterThanOrEqualTo(30);
        });
    }

    @Test
    void theKindScriptBuildsEveryServiceAndLoadsThemAsOneArchive() {
        Tools.Result dryRun = Tools.run(List.of("bash", "k8s/kind/up.sh", "--dry-run"), REPOSITORY.root());
        assertThat(dryRun.succeeded()).as(dryRun.errors()).isTrue();
        List<String> commands = dryRun.output().lines().map(line -> line.replaceFirst("^\\+ ", "")).toList();
        String version = REPOSITORY.read(".env").lines().filter(line -> line.startsWith("OCTET_VERSION="))
                .findFirst().orElseThrow().substring("OCTET_VERSION=".length());
        for (ServiceModule module : REPOSITORY.serviceModules()) {
            assertThat(commands).contains("docker build --provenance=false --target " + module.target() + " -t " + module.image() + ":"
                    + version + " .");
        }
        String save = commands.stream().filter(command -> command.startsWith("docker save -o ")).findFirst().orElseThrow();
        String archive = save.split("\\s+")[3];
        assertThat(save.split("\\s+")).hasSize(4 + REPOSITORY.serviceModules().size());
        assertThat(commands).containsSubsequence("kind create cluster --name octet --config k8s/kind/cluster.yaml", save,
                "kind load image-archive " + archive + " --name octet", "kubectl --context kind-octet apply -k k8s/overlays/local");
        assertThat(commands).noneMatch(command -> command.startsWith("kind load docker-image"));
    }
}
