package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict schema validation itself, on small objects. */
class KubernetesSchemaTest {

    private static List<String> validate(String yaml) throws Exception {
        return KubernetesSchema.validate(new KubeObject(new YAMLMapper().readTree(yaml)));
    }

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27.0
                      ports:
                        - containerPort: 80
                      resources:
                        limits: {memory: 128Mi, cpu: 250m}
                      readinessProbe:
                        httpGet: {path: /, port: http}
            """;

    @Test
    void aValidObjectPasses() throws Exception {
        assertThat(validate(DEPLOYMENT)).isEmpty();
    }

    @Test
    void anUnknownFieldIsNamedByItsPath() throws Exception {
        assertThat(validate(DEPLOYMENT.replace("image: nginx:1.27.0", "image: nginx:1.27.0\n          imagePullPolicyy: Always")))
                .singleElement().asString()
                .startsWith("Deployment/web: spec.template.spec.containers[0].imagePullPolicyy: unknown field (V1Container has ");
    }

    @Test
    void aValueOfTheWrongTypeIsNamed() throws Exception {
        assertThat(validate(DEPLOYMENT.replace("replicas: 2", "replicas: two")))
                .containsExactly("Deployment/web: spec.replicas: expected an integer, found string \"two\"");
        assertThat(validate(DEPLOYMENT.replace("containerPort: 80", "containerPort: \"80\"")))
                .containsExactly("Deployment/web: spec.template.spec.containers[0].ports[0].containerPort: expected an integer, found string \"80\"");
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws Exception {
        assertThat(validate(DEPLOYMENT.replace("    - name: web\n", "    -\n")))
                .containsExactly("Deployment/web: spec.template.spec.containers[0].name: missing, and V1Container requires it");
    }

    @Test
    void quantitiesAreChecked() throws Exception {
        assertThat(validate(DEPLOYMENT.replace("memory: 128Mi", "memory: 128 megabytes")))
                .containsExactly("Deployment/web: spec.template.spec.containers[0].resources.limits.memory: \"128 megabytes\" is not a quantity (such as 512Mi or 250m)");
    }

    @Test
    void anUnknownKindIsNamed() throws Exception {
        assertThat(validate("apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: web}\n"))
                .containsExactly("Deploymnet/web: the Kubernetes API has no kind Deploymnet in apps/v1");
    }
}
