package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test breaks a copy of one file under k8s/ (or infra/), renders the overlay, and expects the checks to say where. */
class KubernetesBreakageTest {

    private static final Repository REPOSITORY = Repository.current();

    @TempDir
    Path temporary;
    private Workspace copy;

    @BeforeEach
    void copyTheFiles() {
        copy = Workspace.copyOf(REPOSITORY, temporary);
    }

    private List<String> problems(String overlay) {
        List<KubeObject> objects = Kustomize.render(copy.root().resolve("k8s/overlays/" + overlay));
        List<String> problems = new ArrayList<>(KubernetesSchema.validate(objects, copy.root()));
        problems.addAll(KubernetesChecks.check(objects, REPOSITORY, copy.root(), overlay));
        return problems;
    }

    @Test
    void aMisspelledFieldIsNamedWithItsPathAndFile() {
        copy.replace("k8s/base/gateway/deployment.yaml", "          imagePullPolicy: IfNotPresent", "          imagePullPolicyy: IfNotPresent");

        assertThat(problems("local")).anySatisfy(problem -> assertThat(problem)
                .startsWith("Deployment/gateway: spec.template.spec.containers[0].imagePullPolicyy: unknown field"));
    }

    @Test
    void aValueOfTheWrongTypeIsNamed() {
        copy.replace("k8s/base/jaeger/deployment.yaml", "  replicas: 1", "  replicas: one");

        assertThat(problems("local")).contains(
                "Deployment/jaeger: spec.replicas: expected an integer, found string \"one\" (k8s/base/jaeger/deployment.yaml)");
    }

    @Test
    void aServicePointingAtAPortNoContainerHasIsNamed() {
        copy.replace("k8s/base/product-service/service.yaml", "      targetPort: http", "      targetPort: 8083");

        assertThat(problems("local")).contains("Service/product-service: spec.ports[0].targetPort 8083 is no container port of "
                + "Deployment/product-service (k8s/base/product-service/service.yaml)");
    }

    @Test
    void aServiceSelectingNoPodIsNamed() {
        copy.replace("k8s/base/grafana/service.yaml", "  selector:\n    app.kubernetes.io/name: grafana",
                "  selector:\n    app.kubernetes.io/name: grafana-ui");

        assertThat(problems("local")).anySatisfy(problem -> assertThat(problem)
                .startsWith("Service/grafana: spec.selector {app.kubernetes.io/name=grafana-ui} selects no pod"));
    }

    @Test
    void aProbeOnAPortTheContainerDoesNotHaveIsNamed() {
        copy.replace("k8s/base/user-service/deployment.yaml", """
                          readinessProbe:
                            httpGet:
                              path: /q/health/ready
                              port: http
                """, """
                          readinessProbe:
                            httpGet:
                              path: /q/health/ready
                              port: 8080
                """);

        assertThat(problems("local")).anySatisfy(problem -> assertThat(problem)
                .startsWith("Deployment/user-service: spec.template.spec.containers[0].readinessProbe: port 8080 is not a port of container user-service"));
    }

    @Test
    void aProbeAskingAnEndpointThatDoesNotExistIsNamed() {
        copy.replace("k8s/base/prometheus/deployment.yaml", "              path: /-/ready", "              path: /ready");

        assertThat(problems("local")).anySatisfy(problem -> assertThat(problem)
                .startsWith("Deployment/prometheus: spec.template.spec.containers[0].readinessProbe: GET /ready on port 9090 is not an endpoint"));
    }

    @Test
    void aConfigMapThatDoesNotExistIsNamed() {
        copy.replace("k8s/base/metadata-service/deployment.yaml", "                name: metadata-service-env", "                name: metadata-env");

        assertThat(problems("local")).anySatisfy(problem -> assertThat(problem)
                .startsWith("Deployment/metadata-service: spec.template.spec.containers[0].envFrom[0]: no ConfigMap metadata-env in the overlay"));
    }

    @Test
    void aMisspelledConfigurationKeyIsNamed() {
        copy.replace("k8s/base/product-service/kustomization.yaml", "      - KAFKA_BOOTSTRAP_SERVERS=kafka:9092",
                "      - KAFKA_BOOTSTRAP_SERVER=kafka:9092");

        assertThat(problems("local"))
                .anySatisfy(problem -> assertThat(problem).startsWith("Deployment/product-service: spec.template.spec.containers[0]: "
                        + "KAFKA_BOOTSTRAP_SERVER (ConfigMap product-service-env-"))
                .anySatisfy(problem -> assertThat(problem).startsWith("Deployment/product-service: spec.template.spec.containers[0]: "
                        + "KAFKA_BOOTSTRAP_SERVERS is not set"));
    }

    @Test
    void aNetworkPolicyThatBlocksACallTheDesignMakesIsNamed() {
        copy.replace("k8s/overlays/production/network-policies.yaml", "                values: [gateway, product-service, order-service]",
                "                values: [gateway, product-service]");

        assertThat(problems("production")).anySatisfy(problem -> assertThat(problem)
                .startsWith("Deployment/order-service: is configured to call user-service:8081, but no NetworkPolicy admits it"));
    }

    @Test
    void aSecretKeyTheOperatorIsNotToldToCreateIsNamed() {
        copy.replace("k8s/overlays/production/SECRETS.md", "| octet-minio | access-key-id, secret-access-key |",
                "| octet-minio | access-key, secret-access-key |");

        assertThat(problems("production")).anySatisfy(problem -> assertThat(problem)
                .contains("Secret octet-minio is external, and SECRETS.md lists no key access-key-id"));
    }

    @Test
    void anUnpinnedImageIsNamed() {
        copy.replace("k8s/base/grafana/deployment.yaml", "image: grafana/grafana:12.1.1", "image: grafana/grafana");

        assertThat(problems("production")).contains(
                "Deployment/grafana: spec.template.spec.containers[0].image: grafana/grafana has no tag, which means latest "
                        + "(k8s/base/grafana/deployment.yaml)");
    }

    @Test
    void aGeneratedSecretWithoutAKeyThePodsReadIsNamed() {
        copy.replace("k8s/overlays/local/kustomization.yaml", "      - admin-password=octet\n", "");

        assertThat(problems("local")).anySatisfy(problem -> assertThat(problem)
                .startsWith("Deployment/grafana: spec.template.spec.containers[0].env.GF_SECURITY_ADMIN_PASSWORD: Secret octet-grafana-")
                .contains("has no key admin-password"));
    }

    @Test
    void aCollectorHealthPortThatNoLongerMatchesItsProbesIsNamed() {
        copy.replace("infra/otel-collector/config.yaml", "endpoint: 0.0.0.0:13133", "endpoint: 0.0.0.0:13134");

        assertThat(problems("production")).anySatisfy(problem -> assertThat(problem)
                .startsWith("Deployment/otel-collector: spec.template.spec.containers[0].readinessProbe: GET / on port 13133 is not an endpoint"));
    }

    @Test
    void aKustomizationNamingAMissingFileFailsToRenderSayingWhich() {
        copy.replace("k8s/base/kafka/kustomization.yaml", "  - topics-job.yaml", "  - topic-job.yaml");

        assertThatThrownBy(() -> problems("local")).isInstanceOf(DeploymentFileException.class)
                .hasMessageContaining("kubectl kustomize").hasMessageContaining("topic-job.yaml");
    }
}
