package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Dockerfile every service image is built from, as it is and broken on purpose. */
class DockerfilesTest {

    private static final Repository REPOSITORY = Repository.current();
    private static final PortMap PORT_MAP = PortMap.fromReadme(REPOSITORY.read("README.md"));

    @Test
    void theDockerfileBuildsEveryServiceModuleByTheRules() {
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

    private List<String> problemsAfter(String from, String to) {
        String text = REPOSITORY.read(ServiceModule.DOCKERFILE);
        assertThat(text).contains(from);
        return DockerfileChecks.check(Dockerfile.parse(ServiceModule.DOCKERFILE, text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to))), REPOSITORY.serviceModules(), PORT_MAP);
    }

    @Test
    void runningAsRootIsNamedWithItsLine() {
        assertThat(problemsAfter("USER 10001:10001", "USER root")).hasSize(REPOSITORY.serviceModules().size())
                .allSatisfy(problem -> assertThat(problem).matches("Dockerfile:\\d+: USER root; the service must not run as root"));
    }

    @Test
    void anUnpinnedBaseImageIsNamedWithItsLine() {
        assertThat(problemsAfter("ARG JRE_IMAGE=eclipse-temurin:17.0.17_10-jre-noble", "ARG JRE_IMAGE=eclipse-temurin:17-jre"))
                .singleElement().asString()
                .matches("Dockerfile:\\d+: FROM eclipse-temurin:17-jre has tag 17-jre, which is not a release .*");
    }

    @Test
    void aModuleTheBuildLeavesOutIsNamed() {
        assertThat(problemsAfter(",services/order-service,", ",")).singleElement().asString()
                .matches("Dockerfile:\\d+: ./mvnw does not build services/order-service .*");
    }

    @Test
    void buildingTheReactorOncePerImageIsNamed() {
        assertThat(problemsAfter("FROM runtime AS gateway\n", "FROM runtime AS gateway\nRUN ./mvnw -B package -pl gateway -am\n"))
                .singleElement().asString()
                .matches("Dockerfile:\\d+: stage gateway runs the Maven wrapper again; the build stage builds every module once");
    }

    @Test
    void aPortThatIsNotTheServicesIsNamed() {
        assertThat(problemsAfter("ENV QUARKUS_HTTP_PORT=8085", "ENV QUARKUS_HTTP_PORT=8058"))
                .singleElement().asString()
                .matches("Dockerfile:\\d+: QUARKUS_HTTP_PORT=8058, but metadata-service listens on 8085 .*");
    }

    @Test
    void anImageWithoutAHealthCheckIsNamed() {
        assertThat(problemsAfter("HEALTHCHECK ", "# HEALTHCHECK ")).hasSize(REPOSITORY.serviceModules().size())
                .contains("Dockerfile (target chunk-server): no HEALTHCHECK");
    }

    @Test
    void noLimitOnDirectMemoryIsNamed() {
        assertThat(problemsAfter("-XX:MaxDirectMemorySize=96m ", "")).hasSize(REPOSITORY.serviceModules().size())
                .allSatisfy(problem -> assertThat(problem).matches("Dockerfile:\\d+: JAVA_OPTS sets no -XX:MaxDirectMemorySize; .*"));
    }

    @Test
    void theJdksThirtySecondNameCacheIsNamed() {
        assertThat(problemsAfter(" -Djava.security.properties=/etc/octet/java.security", "")).hasSize(REPOSITORY.serviceModules().size())
                .allSatisfy(problem -> assertThat(problem).matches("Dockerfile:\\d+: JAVA_OPTS adds no java.security properties; .*"));
    }

    @Test
    void aServiceWithoutItsTargetIsNamed() {
        assertThat(problemsAfter("FROM runtime AS query-router", "FROM runtime AS router")).singleElement().asString()
                .startsWith("Dockerfile: no stage query-router (FROM runtime AS query-router)");
    }
}
