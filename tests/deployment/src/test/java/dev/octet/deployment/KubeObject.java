package dev.octet.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One rendered Kubernetes object, with accessors for the parts the checks look at. */
record KubeObject(JsonNode node) {

    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet");

    String kind() {
        return node.path("kind").asText();
    }

    String apiVersion() {
        return node.path("apiVersion").asText();
    }

    String name() {
        return node.path("metadata").path("name").asText();
    }

    /** Kind/name, as the checks name an object. */
    String id() {
        return kind() + "/" + name();
    }

    boolean isWorkload() {
        return WORKLOADS.contains(kind());
    }

    JsonNode podTemplate() {
        return node.path("spec").path("template");
    }

    JsonNode podSpec() {
        return podTemplate().path("spec");
    }

    Map<String, String> podLabels() {
        return strings(podTemplate().path("metadata").path("labels"));
    }

    Map<String, String> podAnnotations() {
        return strings(podTemplate().path("metadata").path("annotations"));
    }

    /** Containers and init containers, each with its path inside the object. */
    List<Container> containers() {
        List<Container> containers = new ArrayList<>();
        for (String list : List.of("initContainers", "containers")) {
            JsonNode items = podSpec().path(list);
            for (int i = 0; i < items.size(); i++) {
                containers.add(new Container(items.get(i), "spec.template.spec." + list + "[" + i + "]"));
            }
        }
        return containers;
    }

    Optional<Container> containerWithImage(String repository) {
        return containers().stream().filter(c -> Images.repository(c.image()).equals(repository)).findFirst();
    }

    static Map<String, String> strings(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    /** A container of a pod template. */
    record Container(JsonNode node, String path) {

        String name() {
            return node.path("name").asText();
        }

        String image() {
            return node.path("image").asText();
        }

        /** Its ports: name (may be empty) to number. */
        Map<String, Integer> ports() {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (JsonNode port : node.path("ports")) {
                ports.put(port.path("name").asText("#" + port.path("containerPort").asInt()), port.path("containerPort").asInt());
            }
            return ports;
        }

        /** The container port a reference (a number, or a port's name) means, if it has one. */
        Optional<Integer> port(JsonNode reference) {
            if (reference.isInt()) {
                int number = reference.asInt();
                return ports().containsValue(number) ? Optional.of(number) : Optional.empty();
            }
            return Optional.ofNullable(ports().get(reference.asText()));
        }
    }
}
