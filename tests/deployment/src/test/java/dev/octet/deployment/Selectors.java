package dev.octet.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Kubernetes label selectors (matchLabels and matchExpressions) applied to a set of labels. */
final class Selectors {

    private Selectors() {
    }

    /** Whether a LabelSelector (matchLabels/matchExpressions) selects these labels; an empty one selects all. */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (selector.isMissingNode() || selector.isNull()) {
            return false;
        }
        for (Map.Entry<String, String> required : KubeObject.strings(selector.path("matchLabels")).entrySet()) {
            if (!required.getValue().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new HashSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean has = labels.containsKey(key);
            boolean holds = switch (expression.path("operator").asText()) {
                case "In" -> has && values.contains(labels.get(key));
                case "NotIn" -> !has || !values.contains(labels.get(key));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> false;
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    /** Whether a Service's plain selector (a map of labels) selects these labels. */
    static boolean matchesMap(JsonNode selector, Map<String, String> labels) {
        Map<String, String> required = KubeObject.strings(selector);
        return !required.isEmpty() && required.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
