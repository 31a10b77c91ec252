package dev.octet.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-checks of a rendered overlay: every service module has a workload, Services select pods and
 * reach their ports, probes ask endpoints that exist on ports that exist, every ConfigMap and Secret
 * referenced exists (or, in production, is one the operator is told to create), environment keys are
 * ones the services read, images are pinned or built here, containers are locked down, and the
 * NetworkPolicies allow every call the configuration makes.
 */
final class KubernetesChecks {

    /** Containers whose image must write to its own file system, and why. */
    static final Map<String, String> WRITABLE_ROOT = Map.of(
            "apache/kafka", "its start script writes the broker's configuration into the image's config folder");

    private static final List<String> SERVICE_PROBES = List.of("startupProbe:/q/health/started",
            "readinessProbe:/q/health/ready", "livenessProbe:/q/health/live");

    private final List<KubeObject> objects;
    private final Repository repository;
    private final Path root;
    private final List<ServiceModule> modules;
    private final Map<String, Set<String>> externalSecrets;
    private final List<String> problems = new ArrayList<>();

    private KubernetesChecks(List<KubeObject> objects, Repository repository, Path root, String overlay) {
        this.objects = objects;
        this.repository = repository;
        this.root = root;
        this.modules = repository.serviceModules();
        this.externalSecrets = ExternalSecrets.read(root.resolve("k8s/overlays").resolve(overlay).resolve("SECRETS.md"));
    }

    /** Problems of the rendered overlay (its source files under root/k8s), each naming the object and its file. */
    static List<String> check(List<KubeObject> objects, Repository repository, Path root, String overlay) {
        KubernetesChecks checks = new KubernetesChecks(objects, repository, root, overlay);
        checks.everyModuleHasAWorkload();
        for (KubeObject object : objects) {
            if (object.isWorkload()) {
                checks.workload(object);
            }
            switch (object.kind()) {
                case "Service" -> checks.service(object);
                case "HorizontalPodAutoscaler" -> checks.scaleTarget(object);
                case "PodDisruptionBudget" -> checks.selectsPods(object, object.node().path("spec").path("selector"));
                case "RoleBinding" -> checks.roleBinding(object);
                default -> { }
            }
        }
        new NetworkPolicyChecks(objects, checks.problems).check();
        return new ManifestSources(root).annotate(checks.problems);
    }

    private void everyModuleHasAWorkload() {
        for (ServiceModule module : modules) {
            if (objects.stream().filter(KubeObject::isWorkload).noneMatch(o -> o.containerWithImage(module.image()).isPresent())) {
                problems.add("k8s: no workload runs " + module.image() + " (every service module has one)");
            }
        }
    }

    private Optional<ServiceModule> moduleOf(KubeObject.Container container) {
        return modules.stream().filter(m -> m.image().equals(Images.repository(container.image()))).findFirst();
    }

    private void workload(KubeObject workload) {
        JsonNode pod = workload.podSpec();
        references(workload, pod);
        podSecurity(workload, pod);
        for (KubeObject.Container container : workload.containers()) {
            String at = workload.id() + ": " + container.path();
            image(at, container);
            probes(workload, container, at);
            containerSecurity(container, at);
            moduleOf(container).ifPresent(module -> {
                environment(workload, container, module, at);
                metrics(workload, container);
            });
        }
    }

    private void image(String at, KubeObject.Container container) {
        String image = container.image();
        if (Images.repository(image).startsWith("octet/")) {
            if (moduleOf(container).isEmpty()) {
                problems.add(at + ".image: " + image + " is no image this repository builds (octet/<service module>)");
            }
            return;
        }
        Images.notPinned(image).ifPresent(reason -> problems.add(at + ".image: " + image + " " + reason));
    }

    private void probes(KubeObject workload, KubeObject.Container container, String at) {
        Optional<ServiceModule> module = moduleOf(container);
        if (module.isPresent()) {
            if (!module.get().hasHealthEndpoints()) {
                problems.add(at + ": " + module.get().path() + " has no quarkus-smallrye-health, so /q/health/* does not exist");
            }
            for (String expected : SERVICE_PROBES) {
                String probe = expected.substring(0, expected.indexOf(':'));
                String path = expected.substring(expected.indexOf(':') + 1);
                if (!path.equals(container.node().path(probe).path("httpGet").path("path").asText())) {
                    problems.add(at + "." + probe + ": a service's " + probe + " asks " + path);
                }
            }
        } else if (!"Job".equals(workload.kind()) && !container.node().has("readinessProbe")) {
            problems.add(at + ": no readinessProbe");
        }
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode spec = container.node().path(probe);
            if (spec.isMissingNode()) {
                continue;
            }
            String where = at + "." + probe;
            JsonNode http = spec.path("httpGet");
            JsonNode tcp = spec.path("tcpSocket");
            JsonNode reference = !http.isMissingNode() ? http.path("port") : tcp.path("port");
            if (http.isMissingNode() && tcp.isMissingNode()) {
                continue;
            }
            Optional<Integer> port = container.port(reference);
            if (port.isEmpty()) {
                problems.add(where + ": port " + reference + " is not a port of container " + container.name() + " " + container.ports());
                continue;
            }
            if (!http.isMissingNode()) {
                String path = http.path("path").asText("/");
                Set<String> known = Endpoints.httpPaths(container.image(), port.get(), module, root);
                if (!known.contains(path)) {
                    problems.add(where + ": GET " + path + " on port " + port.get() + " is not an endpoint of " + container.image()
                            + (known.isEmpty() ? " (it serves no known HTTP endpoint on that port)" : " (it serves " + known + ")"));
                }
            }
        }
    }

    private void containerSecurity(KubeObject.Container container, String at) {
        JsonNode security = container.node().path("securityContext");
        if (!security.path("allowPrivilegeEscalation").isBoolean() || security.path("allowPrivilegeEscalation").asBoolean()) {
            problems.add(at + ".securityContext.allowPrivilegeEscalation: must be false");
        }
        boolean dropsAll = false;
        for (JsonNode capability : security.path("capabilities").path("drop")) {
            dropsAll |= capability.asText().equals("ALL");
        }
        if (!dropsAll) {
            problems.add(at + ".securityContext.capabilities.drop: must drop ALL");
        }
        String repository = Images.repository(container.image());
        if (!security.path("readOnlyRootFilesystem").asBoolean(false) && !WRITABLE_ROOT.containsKey(repository)) {
            problems.add(at + ".securityContext.readOnlyRootFilesystem: must be true (mount an emptyDir where the image writes)");
        }
        JsonNode resources = container.node().path("resources");
        if (!resources.path("limits").has("memory") || !resources.path("requests").has("memory") || !resources.path("requests").has("cpu")) {
            problems.add(at + ".resources: needs requests (cpu, memory) and a memory limit");
        }
    }

    private void podSecurity(KubeObject workload, JsonNode pod) {
        JsonNode security = pod.path("securityContext");
        String at = workload.id() + ": spec.template.spec.securityContext";
        if (!security.path("runAsNonRoot").asBoolean(false)) {
            problems.add(at + ".runAsNonRoot: must be true");
        }
        if (security.path("runAsUser").asInt(-1) == 0) {
            problems.add(at + ".runAsUser: 0 is root");
        }
        if (!"RuntimeDefault".equals(security.path("seccompProfile").path("type").asText())) {
            problems.add(at + ".seccompProfile.type: must be RuntimeDefault");
        }
    }

    /** ConfigMaps, Secrets and service accounts the pod names exist (or are external secrets listed for the overlay). */
    private void references(KubeObject workload, JsonNode pod) {
        String at = workload.id() + ": spec.template.spec";
        for (KubeObject.Container container : workload.containers()) {
            String where = workload.id() + ": " + container.path();
            int i = 0;
            for (JsonNode source : container.node().path("envFrom")) {
                reference(where + ".envFrom[" + i + "]", "ConfigMap", source.path("configMapRef"), null);
                reference(where + ".envFrom[" + i + "]", "Secret", source.path("secretRef"), null);
                i++;
            }
            for (JsonNode variable : container.node().path("env")) {
                String here = where + ".env." + variable.path("name").asText();
                JsonNode from = variable.path("valueFrom");
                reference(here, "ConfigMap", from.path("configMapKeyRef"), from.path("configMapKeyRef").path("key").asText(null));
                reference(here, "Secret", from.path("secretKeyRef"), from.path("secretKeyRef").path("key").asText(null));
            }
        }
        for (JsonNode volume : pod.path("volumes")) {
            String here = at + ".volumes." + volume.path("name").asText();
            reference(here, "ConfigMap", volume.path("configMap"), null);
            JsonNode secret = volume.path("secret");
            if (!secret.isMissingNode()) {
                reference(here, "Secret", objectWithName(secret.path("secretName").asText(), secret.path("optional")), null);
            }
        }
        String account = pod.path("serviceAccountName").asText("default");
        if (!account.equals("default") && find("ServiceAccount", account).isEmpty()) {
            problems.add(at + ".serviceAccountName: no ServiceAccount " + account);
        }
    }

    private static JsonNode objectWithName(String name, JsonNode optional) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("name", name);
        if (optional.isBoolean()) {
            node.put("optional", optional.asBoolean());
        }
        return node;
    }

    private void reference(String where, String kind, JsonNode reference, String key) {
        if (reference.isMissingNode() || reference.path("optional").asBoolean(false)) {
            return;
        }
        String name = reference.path("name").asText();
        Optional<KubeObject> target = find(kind, name);
        if (target.isPresent()) {
            if (key != null) {
                JsonNode node = target.get().node();
                if (!node.path("data").has(key) && !node.path("stringData").has(key) && !node.path("binaryData").has(key)) {
                    problems.add(where + ": " + kind + " " + name + " has no key " + key);
                }
            }
            return;
        }
        if (kind.equals("Secret") && externalSecrets.containsKey(name)) {
            if (key != null && !externalSecrets.get(name).contains(key)) {
                problems.add(where + ": Secret " + name + " is external, and SECRETS.md lists no key " + key + " for it "
                        + externalSecrets.get(name));
            }
            return;
        }
        problems.add(where + ": no " + kind + " " + name + (kind.equals("Secret") && !externalSecrets.isEmpty()
                ? " in the overlay, nor in its SECRETS.md" : " in the overlay"));
    }

    private Optional<KubeObject> find(String kind, String name) {
        return objects.stream().filter(o -> o.kind().equals(kind) && o.name().equals(name)).findFirst();
    }

    private void environment(KubeObject workload, KubeObject.Container container, ServiceModule module, String at) {
        ConfigurationKeys keys = ConfigurationKeys.of(module, repository);
        Map<String, String> variables = new LinkedHashMap<>();
        for (JsonNode source : container.node().path("envFrom")) {
            find("ConfigMap", source.path("configMapRef").path("name").asText())
                    .ifPresent(map -> map.node().path("data").fieldNames().forEachRemaining(name -> variables.put(name, "ConfigMap "
                            + map.name())));
        }
        for (JsonNode variable : container.node().path("env")) {
            variables.put(variable.path("name").asText(), "env");
        }
        variables.forEach((name, from) -> {
            if (!keys.accepts(name)) {
                problems.add(at + ": " + name + " (" + from + ") is no key " + module.name() + " reads (see " + module.path()
                        + "'s application.properties and @ConfigMapping interfaces)");
            }
        });
        for (String required : keys.localDefaults()) {
            if (!variables.containsKey(required)) {
                problems.add(at + ": " + required + " is not set, and " + module.name()
                        + "'s default points at localhost, which in a pod is the pod itself");
            }
        }
    }

    private void metrics(KubeObject workload, KubeObject.Container container) {
        Map<String, String> annotations = workload.podAnnotations();
        if (!"true".equals(annotations.get("prometheus.io/scrape")) || !"/q/metrics".equals(annotations.get("prometheus.io/path"))) {
            problems.add(workload.id() + ": spec.template.metadata.annotations: prometheus.io/scrape \"true\" and prometheus.io/path "
                    + "/q/metrics, or Prometheus does not scrape it");
        }
        if (!container.ports().containsKey("http")) {
            problems.add(workload.id() + ": " + container.path() + ".ports: no port named http (the one Prometheus scrapes)");
        }
    }

    private void service(KubeObject service) {
        JsonNode selector = service.node().path("spec").path("selector");
        List<KubeObject> selected = objects.stream().filter(KubeObject::isWorkload)
                .filter(w -> Selectors.matchesMap(selector, w.podLabels())).toList();
        if (selected.isEmpty()) {
            problems.add(service.id() + ": spec.selector " + KubeObject.strings(selector) + " selects no pod of any workload");
            return;
        }
        int i = 0;
        for (JsonNode port : service.node().path("spec").path("ports")) {
            JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
            for (KubeObject workload : selected) {
                if (workload.containers().stream().noneMatch(c -> c.port(target).isPresent())) {
                    problems.add(service.id() + ": spec.ports[" + i + "].targetPort " + target + " is no container port of "
                            + workload.id());
                }
            }
            i++;
        }
    }

    private void scaleTarget(KubeObject autoscaler) {
        JsonNode target = autoscaler.node().path("spec").path("scaleTargetRef");
        if (find(target.path("kind").asText(), target.path("name").asText()).isEmpty()) {
            problems.add(autoscaler.id() + ": spec.scaleTargetRef: no " + target.path("kind").asText() + " " + target.path("name").asText());
        }
    }

    private void selectsPods(KubeObject object, JsonNode selector) {
        if (objects.stream().filter(KubeObject::isWorkload).noneMatch(w -> Selectors.matches(selector, w.podLabels()))) {
            problems.add(object.id() + ": spec.selector selects no pod of any workload");
        }
    }

    private void roleBinding(KubeObject binding) {
        JsonNode role = binding.node().path("roleRef");
        if (role.path("kind").asText().equals("Role") && find("Role", role.path("name").asText()).isEmpty()) {
            problems.add(binding.id() + ": roleRef: no Role " + role.path("name").asText());
        }
        for (JsonNode subject : binding.node().path("subjects")) {
            if (subject.path("kind").asText().equals("ServiceAccount") && find("ServiceAccount", subject.path("name").asText()).isEmpty()) {
                problems.add(binding.id() + ": subjects: no ServiceAccount " + subject.path("name").asText());
            }
        }
    }

    /** The Secrets an overlay expects to exist without creating them: the table in its SECRETS.md. */
    static final class ExternalSecrets {

        private ExternalSecrets() {
        }

        static Map<String, Set<String>> read(Path file) {
            Map<String, Set<String>> secrets = new LinkedHashMap<>();
            if (!Files.exists(file)) {
                return secrets;
            }
            for (String line : Repository.Files2.read(file).lines().toList()) {
                String[] cells = line.split("\\|");
                if (line.startsWith("|") && cells.length >= 3 && cells[1].strip().matches("[a-z0-9][a-z0-9.-]*")) {
                    Set<String> keys = new LinkedHashSet<>();
                    for (String key : cells[2].split(",")) {
                        keys.add(key.strip());
                    }
                    secrets.put(cells[1].strip(), keys);
                }
            }
            return secrets;
        }
    }

    /** Reads a YAML file of the checkout (the collector's config, for its health port). */
    static JsonNode yaml(Path file) {
        try {
            return new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
