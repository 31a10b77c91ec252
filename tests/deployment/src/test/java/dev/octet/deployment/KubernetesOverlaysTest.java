package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every overlay under k8s/overlays, rendered, validated against the Kubernetes schema and cross-checked. */
class KubernetesOverlaysTest {

    private static final Repository REPOSITORY = Repository.current();
    private static final Map<String, List<KubeObject>> RENDERED = new ConcurrentHashMap<>();

    static List<KubeObject> rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> Kustomize.render(REPOSITORY.resolve("k8s/overlays/" + name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyObjectIsValidAgainstTheKubernetesSchema(String overlay) {
        List<String> problems = KubernetesSchema.validate(rendered(overlay), REPOSITORY.root());
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void crossChecksFindNothing(String overlay) {
        List<String> problems = KubernetesChecks.check(rendered(overlay), REPOSITORY, REPOSITORY.root(), overlay);
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everythingLivesInTheOctetNamespace(String overlay) {
        assertThat(rendered(overlay)).filteredOn(object -> !object.kind().equals("Namespace"))
                .allSatisfy(object -> assertThat(object.node().path("metadata").path("namespace").asText()).as(object.id()).isEqualTo("octet"));
    }

    @org.junit.jupiter.api.Test
    void productionGeneratesNoSecretAndLocalGeneratesItsDevelopmentDefaults() {
        assertThat(rendered("production")).noneMatch(object -> object.kind().equals("Secret"));
        assertThat(rendered("local")).filteredOn(object -> object.kind().equals("Secret")).extracting(KubeObject::name)
                .allMatch(name -> name.matches("octet-(postgres|database-roles|minio|grafana|operator|user-service)-[a-z0-9]+")
                        || name.matches("octet-identity-(gateway|chunk-server|metadata-service)")).hasSize(9);
    }

    @org.junit.jupiter.api.Test
    void onlyTheLocalOverlayLetsServicesStartWithDevelopmentSecrets() {
        String flag = "OCTET_DEVELOPMENT_SECRETS_ALLOWED";
        assertThat(rendered("production")).noneMatch(object -> object.node().toString().contains(flag));
        assertThat(rendered("local")).filteredOn(object -> object.kind().equals("ConfigMap") && object.node().path("data").has(flag))
                .extracting(object -> object.node().path("data").path(flag).asText()).hasSize(7).containsOnly("true");
    }

    @org.junit.jupiter.api.Test
    void productionRunsStatelessServicesReplicatedAutoscaledAndBehindNetworkPolicies() {
        List<KubeObject> production = rendered("production");
        for (String service : List.of("gateway", "user-service", "product-service", "order-service")) {
            KubeObject deployment = production.stream().filter(o -> o.id().equals("Deployment/" + service)).findFirst().orElseThrow();
            assertThat(deployment.node().path("spec").path("replicas").asInt()).as(service).isGreaterThanOrEqualTo(2);
            assertThat(deployment.podSpec().path("topologySpreadConstraints").size()).as(service).isPositive();
            assertThat(production).as(service).anyMatch(o -> o.id().equals("HorizontalPodAutoscaler/" + service))
                    .anyMatch(o -> o.id().equals("PodDisruptionBudget/" + service));
        }
        assertThat(production).anyMatch(o -> o.id().equals("NetworkPolicy/default-deny-ingress"));
        assertThat(rendered("local")).noneMatch(o -> o.kind().equals("NetworkPolicy") || o.kind().equals("HorizontalPodAutoscaler"));
    }
}
