package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The service images' Dockerfiles, as they are and broken on purpose. */
class DockerfilesTest {

    private static final Repository REPOSITORY = Repository.current();
    private static final PortMap PORT_MAP = PortMap.fromReadme(REPOSITORY.read("README.md"));

    @Test
    void everyServiceModuleHasADockerfileThatFollowsTheRules() {
        List<String> problems = DockerfileChecks.check(REPOSITORY.root(), REPOSITORY.serviceModules(), PORT_MAP);
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void theImagesComposeBuildsFromInfraStartFromPinnedUpstreamImages() {
        for (String file : List.of("infra/otel-collector/Dockerfile", "infra/jaeger/Dockerfile")) {
            Dockerfile dockerfile = Dockerfile.parse(file, REPOSITORY.read(file));
            assertThat(DockerfileChecks.checkBaseImages(dockerfile)).as(file).isEmpty();
            assertThat(dockerfile.finalStage().last("HEALTHCHECK")).as(file).isPresent();
        }
    }

    private List<String> problemsAfter(String module, String from, String to) {
        ServiceModule service = REPOSITORY.serviceModule(module);
        String text = REPOSITORY.read(service.dockerfilePath());
        assertThat(text).contains(from);
        return DockerfileChecks.checkService(Dockerfile.parse(service.dockerfilePath(), text.replace(from, to)), service, PORT_MAP);
    }

    @Test
    void runningAsRootIsNamedWithItsLine() {
        assertThat(problemsAfter("user-service", "USER 10001:10001", "USER root")).singleElement().asString()
                .matches("services/user-service/Dockerfile:\\d+: USER root; the service must not run as root");
    }

    @Test
    void anUnpinnedBaseImageIsNamedWithItsLine() {
        assertThat(problemsAfter("gateway", "FROM eclipse-temurin:17.0.17_10-jre-noble", "FROM eclipse-temurin:17-jre"))
                .singleElement().asString()
                .matches("gateway/Dockerfile:\\d+: FROM eclipse-temurin:17-jre has tag 17-jre, which is not a release .*");
    }

    @Test
    void buildingAnotherModuleIsNamed() {
        assertThat(problemsAfter("order-service", "-pl services/order-service", "-pl services/product-service"))
                .singleElement().asString()
                .matches("services/order-service/Dockerfile:\\d+: ./mvnw does not build services/order-service .*");
    }

    @Test
    void aPortThatIsNotTheServicesIsNamed() {
        assertThat(problemsAfter("metadata-service", "QUARKUS_HTTP_PORT=8085", "QUARKUS_HTTP_PORT=8058"))
                .singleElement().asString()
                .matches("services/metadata-service/Dockerfile:\\d+: QUARKUS_HTTP_PORT=8058, but metadata-service listens on 8085 .*");
    }

    @Test
    void anImageWithoutAHealthCheckIsNamed() {
        assertThat(problemsAfter("chunk-server", "HEALTHCHECK ", "# HEALTHCHECK "))
                .containsExactly("services/chunk-server/Dockerfile: no HEALTHCHECK");
    }
}
