package dev.octet.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an overlay has NetworkPolicies, every call the configuration makes must be allowed: each
 * address a pod is configured with (host:port of a Service, in its ConfigMaps and env) is followed to
 * the pods behind the Service and the container port, and some policy selecting those pods must admit
 * the caller's pods on that port. Prometheus must reach every scraped pod's http port.
 */
final class NetworkPolicyChecks {

    private static final Pattern ADDRESS = Pattern.compile("(?<![\\w.-])([a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9-]+)?):(\\d+)");

    private final List<KubeObject> objects;
    private final List<KubeObject> policies;
    private final List<String> problems;

    NetworkPolicyChecks(List<KubeObject> objects, List<String> problems) {
        this.objects = objects;
        this.policies = objects.stream().filter(o -> o.kind().equals("NetworkPolicy")).toList();
        this.problems = problems;
    }

    void check() {
        if (policies.isEmpty()) {
            return;
        }
        Optional<KubeObject> prometheus = objects.stream().filter(o -> o.isWorkload() && o.name().equals("prometheus")).findFirst();
        for (KubeObject caller : objects.stream().filter(KubeObject::isWorkload).toList()) {
            for (String value : configuredValues(caller)) {
                Matcher address = ADDRESS.matcher(value);
                while (address.find()) {
                    call(caller, address.group(1), Integer.parseInt(address.group(4)), value);
                }
            }
            if (prometheus.isPresent() && "true".equals(caller.podAnnotations().get("prometheus.io/scrape"))) {
                for (KubeObject.Container container : caller.containers()) {
                    Integer port = container.ports().get("http");
                    if (port != null && !allowed(prometheus.get(), caller, container, port)) {
                        problems.add(prometheus.get().id() + ": cannot scrape " + caller.id() + " on port " + port
                                + ": no NetworkPolicy admits it");
                    }
                }
            }
        }
    }

    /** Every value the pod's containers get: env values and the data of the ConfigMaps they load. */
    private List<String> configuredValues(KubeObject workload) {
        List<String> values = new ArrayList<>();
        for (KubeObject.Container container : workload.containers()) {
            container.node().path("env").forEach(variable -> values.add(variable.path("value").asText("")));
            for (JsonNode source : container.node().path("envFrom")) {
                String name = source.path("configMapRef").path("name").asText();
                objects.stream().filter(o -> o.kind().equals("ConfigMap") && o.name().equals(name)).findFirst()
                        .ifPresent(map -> map.node().path("data").forEach(data -> values.add(data.asText())));
            }
        }
        return values;
    }

    private void call(KubeObject caller, String host, int port, String value) {
        Optional<KubeObject> service = serviceFor(host);
        if (service.isEmpty()) {
            return;
        }
        String targetName = null;
        for (JsonNode servicePort : service.get().node().path("spec").path("ports")) {
            if (servicePort.path("port").asInt() == port) {
                JsonNode target = servicePort.has("targetPort") ? servicePort.path("targetPort") : servicePort.path("port");
                targetName = target.asText();
            }
        }
        if (targetName == null) {
            problems.add(caller.id() + ": is configured to call " + host + ":" + port + " (" + value + "), but " + service.get().id()
                    + " has no port " + port);
            return;
        }
        JsonNode selector = service.get().node().path("spec").path("selector");
        for (KubeObject callee : objects.stream().filter(KubeObject::isWorkload).filter(w -> Selectors.matchesMap(selector, w.podLabels())).toList()) {
            for (KubeObject.Container container : callee.containers()) {
                JsonNode reference = targetName.matches("\\d+") ? IntNode.valueOf(Integer.parseInt(targetName))
                        : TextNode.valueOf(targetName);
                Optional<Integer> targetPort = container.port(reference);
                if (targetPort.isPresent() && !allowed(caller, callee, container, targetPort.get())) {
                    problems.add(caller.id() + ": is configured to call " + host + ":" + port + ", but no NetworkPolicy admits it to "
                            + callee.id() + " port " + targetPort.get() + " (k8s/overlays/*/network-policies.yaml)");
                }
            }
        }
    }

    /** The Service an address names: "user-service", or "chunk-server-1.chunk-server" (a pod of a headless Service). */
    private Optional<KubeObject> serviceFor(String host) {
        String name = host.contains(".") ? host.substring(host.indexOf('.') + 1) : host;
        return objects.stream().filter(o -> o.kind().equals("Service") && o.name().equals(name)).findFirst();
    }

    private boolean allowed(KubeObject caller, KubeObject callee, KubeObject.Container container, int port) {
        Set<String> portNames = new LinkedHashSet<>();
        container.ports().forEach((name, number) -> {
            if (number == port) {
                portNames.add(name);
            }
        });
        List<KubeObject> selecting = policies.stream().filter(p -> appliesToIngress(p)
                && Selectors.matches(p.node().path("spec").path("podSelector"), callee.podLabels())).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (KubeObject policy : selecting) {
            for (JsonNode rule : policy.node().path("spec").path("ingress")) {
                if (admitsPeer(rule.path("from"), caller.podLabels()) && admitsPort(rule.path("ports"), port, portNames)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean appliesToIngress(KubeObject policy) {
        JsonNode types = policy.node().path("spec").path("policyTypes");
        if (types.isMissingNode()) {
            return true;
        }
        for (JsonNode type : types) {
            if (type.asText().equals("Ingress")) {
                return true;
            }
        }
        return false;
    }

    private static boolean admitsPeer(JsonNode from, Map<String, String> callerLabels) {
        if (from.isMissingNode() || from.isEmpty()) {
            return true;
        }
        for (JsonNode peer : from) {
            if (peer.has("podSelector") && !peer.has("namespaceSelector") && Selectors.matches(peer.path("podSelector"), callerLabels)) {
                return true;
            }
        }
        return false;
    }

    private static boolean admitsPort(JsonNode ports, int port, Set<String> portNames) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode allowed : ports) {
            JsonNode value = allowed.path("port");
            if (value.isMissingNode() || (value.isInt() && value.asInt() == port) || portNames.contains(value.asText())) {
                return true;
            }
        }
        return false;
    }
}
