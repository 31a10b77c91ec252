package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test breaks a copy of docker-compose.yml, .env or a file it mounts, and expects the checks to say where. */
class ComposeBreakageTest {

    private static final Repository REPOSITORY = Repository.current();

    @TempDir
    Path temporary;
    private Workspace copy;

    @BeforeEach
    void copyTheFiles() {
        copy = Workspace.copyOf(REPOSITORY, temporary);
    }

    private List<String> problems() {
        return ComposeChecks.check(ComposeFile.load(copy.root()), REPOSITORY);
    }

    @Test
    void aMisspelledFieldIsRejectedByComposeNamingTheServiceAndField() {
        copy.replace("docker-compose.yml", "      target: user-service\n      args:\n        JDK_IMAGE: ${JDK_IMAGE}\n        JRE_IMAGE: ${JRE_IMAGE}\n    profiles:",
                "      target: user-service\n      args:\n        JDK_IMAGE: ${JDK_IMAGE}\n        JRE_IMAGE: ${JRE_IMAGE}\n    profile:");

        assertThatThrownBy(() -> ComposeFile.load(copy.root())).isInstanceOf(DeploymentFileException.class)
                .hasMessageContaining("services.user-service").hasMessageContaining("'profile'");
    }

    @Test
    void aPortThatIsNotTheServicesOwnIsNamed() {
        copy.replace("docker-compose.yml", "${BIND_ADDRESS}:${GATEWAY_PORT}:8080", "${BIND_ADDRESS}:${GATEWAY_PORT}:8081");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("docker-compose.yml: services.gateway.ports[0]: 127.0.0.1:8080:8081")
                .contains("the README's port map gives gateway [8080]"));
    }

    @Test
    void aHostPortInEnvThatDiffersFromThePortMapIsNamed() {
        copy.replace(".env", "PRODUCT_SERVICE_PORT=8082", "PRODUCT_SERVICE_PORT=8092");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("docker-compose.yml: services.product-service.ports[0]").contains("host port 8092"));
    }

    @Test
    void aMisspelledConfigurationKeyIsNamedAndTheKeyItShouldHaveSetIsMissed() {
        copy.replace("docker-compose.yml", "      QUARKUS_DATASOURCE_REACTIVE_URL: postgresql://postgres:5432/users",
                "      QUARKUS_DATASOURCE_REACTIVE_ULR: postgresql://postgres:5432/users");

        assertThat(problems())
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("docker-compose.yml: services.user-service.environment.QUARKUS_DATASOURCE_REACTIVE_ULR: user-service reads no such key"))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("docker-compose.yml: services.user-service.environment: QUARKUS_DATASOURCE_REACTIVE_URL is not set"));
    }

    @Test
    void anUnpinnedImageIsNamed() {
        copy.replace(".env", "GRAFANA_IMAGE=grafana/grafana:12.1.1", "GRAFANA_IMAGE=grafana/grafana:latest");

        assertThat(problems()).contains("docker-compose.yml: services.grafana.image: grafana/grafana:latest is tagged latest");
    }

    @Test
    void anUnpinnedUpstreamImageOfALocallyBuiltOneIsNamed() {
        copy.replace(".env", "JAEGER_IMAGE=jaegertracing/jaeger:2.11.0", "JAEGER_IMAGE=jaegertracing/jaeger");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("docker-compose.yml: services.jaeger.build.args.JAEGER_IMAGE: jaegertracing/jaeger has no tag"));
    }

    @Test
    void aContainerWithoutAHealthCheckIsNamed() {
        copy.replace("docker-compose.yml", """
                    healthcheck:
                      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:3000/api/health"]
                      interval: 10s
                      timeout: 5s
                      retries: 5
                      start_period: 20s
                """, "");

        assertThat(problems()).contains(
                "docker-compose.yml: services.grafana.healthcheck: missing; every long-running container has a health check");
    }

    @Test
    void waitingOnlyForAContainerToStartIsNamed() {
        copy.replace("docker-compose.yml", "      minio-2: {condition: service_healthy}", "      minio-2: {condition: service_started}");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("docker-compose.yml: services.chunk-server-2.depends_on.minio-2: condition service_started"));
    }

    @Test
    void aProfileThatCannotStartAloneIsNamed() {
        copy.replace("docker-compose.yml", "        JRE_IMAGE: ${JRE_IMAGE}\n    profiles: [all, microservices, database]",
                "        JRE_IMAGE: ${JRE_IMAGE}\n    profiles: [all, database]");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("docker-compose.yml: services.order-service.depends_on.query-router: order-service is in profile microservices"));
    }

    @Test
    void aServicePrometheusDoesNotScrapeIsNamed() {
        copy.replace("infra/prometheus/prometheus.yml", ", chunk-server-3:8088]", "]");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("infra/prometheus/prometheus.yml: no scrape target chunk-server-3:8088"));
    }

    @Test
    void aServiceModuleWithoutAContainerIsNamed() {
        copy.replace("docker-compose.yml", "    image: octet/metadata-service:${OCTET_VERSION}", "    image: octet/metadata:${OCTET_VERSION}");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("docker-compose.yml: no container is built for services/metadata-service"));
    }

    @Test
    void anImageBuiltFromAnotherServicesTargetIsNamed() {
        copy.replace("docker-compose.yml", "      target: order-service\n", "      target: product-service\n");

        assertThat(problems()).anySatisfy(problem -> assertThat(problem)
                .startsWith("docker-compose.yml: services.order-service.build: builds Dockerfile --target product-service, but its image "
                        + "octet/order-service:0.1.0-SNAPSHOT is the Dockerfile target order-service"));
    }
}
