package dev.octet.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strict validation of Kubernetes objects against the API's schema, as the API server applies it with
 * field validation Strict: an unknown field, a value of the wrong type or a missing required field is a
 * problem, named by its path. The schema is the Kubernetes Java client's models, which are generated
 * from the API's OpenAPI document (fields, their types, and the required ones).
 */
final class KubernetesSchema {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";
    private static final Map<Class<?>, Map<String, Field>> PROPERTIES = new ConcurrentHashMap<>();

    private KubernetesSchema() {
    }

    /** Problems of every object of an overlay whose sources are under root/k8s, each naming its file. */
    static List<String> validate(List<KubeObject> objects, Path root) {
        List<String> problems = new ArrayList<>();
        objects.forEach(object -> problems.addAll(validate(object)));
        return new ManifestSources(root).annotate(problems);
    }

    /** Problems of one object; empty if the API server would accept its shape. */
    static List<String> validate(KubeObject object) {
        List<String> problems = new ArrayList<>();
        String apiVersion = object.apiVersion();
        String kind = object.kind();
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            problems.add(object.id() + ": apiVersion and kind are required");
            return problems;
        }
        String version = apiVersion.substring(apiVersion.lastIndexOf('/') + 1);
        Class<?> model;
        try {
            model = Class.forName(MODELS + "V" + version.substring(1) + kind);
        } catch (ClassNotFoundException e) {
            problems.add(object.id() + ": the Kubernetes API has no kind " + kind + " in " + apiVersion);
            return problems;
        }
        validate(object.node(), model, "", problems, object.id());
        return problems;
    }

    private static void validate(JsonNode value, Type type, String path, List<String> problems, String id) {
        Class<?> raw = raw(type);
        String where = id + ": " + (path.isEmpty() ? "(the object)" : path);
        if (value.isNull()) {
            return;
        }
        if (raw == String.class) {
            expect(value.isTextual(), where, "a string", value, problems);
        } else if (raw == Integer.class || raw == Long.class) {
            expect(value.isIntegralNumber(), where, "an integer", value, problems);
        } else if (raw == Double.class || raw == Float.class || raw == java.math.BigDecimal.class) {
            expect(value.isNumber(), where, "a number", value, problems);
        } else if (raw == Boolean.class) {
            expect(value.isBoolean(), where, "true or false", value, problems);
        } else if (raw == IntOrString.class) {
            expect(value.isIntegralNumber() || value.isTextual(), where, "an integer or a string", value, problems);
        } else if (raw == Quantity.class) {
            quantity(value, where, problems);
        } else if (raw == OffsetDateTime.class || raw == byte[].class) {
            expect(value.isTextual(), where, "a string", value, problems);
        } else if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
            if (expect(value.isArray(), where, "a list", value, problems)) {
                Type element = argument(type, 0);
                for (int i = 0; i < value.size(); i++) {
                    validate(value.get(i), element, path + "[" + i + "]", problems, id);
                }
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            if (expect(value.isObject(), where, "a map", value, problems)) {
                Type element = argument(type, 1);
                value.fields().forEachRemaining(e -> validate(e.getValue(), element, path + "." + e.getKey(), problems, id));
            }
        } else if (raw.getName().startsWith(MODELS)) {
            if (expect(value.isObject(), where, "an object (" + raw.getSimpleName() + ")", value, problems)) {
                model(value, raw, path, problems, id);
            }
        }
        // Anything else (Object: free-form JSON) accepts any value.
    }

    private static void model(JsonNode value, Class<?> model, String path, List<String> problems, String id) {
        Map<String, Field> properties = properties(model);
        value.fields().forEachRemaining(e -> {
            Field field = properties.get(e.getKey());
            String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            if (field == null) {
                problems.add(id + ": " + child + ": unknown field (" + model.getSimpleName() + " has " + String.join(", ", properties.keySet()) + ")");
            } else {
                validate(e.getValue(), field.getGenericType(), child, problems, id);
            }
        });
        for (String required : requiredFields(model)) {
            if (!value.has(required)) {
                problems.add(id + ": " + (path.isEmpty() ? "" : path + ".") + required + ": missing, and " + model.getSimpleName() + " requires it");
            }
        }
    }

    private static Map<String, Field> properties(Class<?> model) {
        return PROPERTIES.computeIfAbsent(model, type -> {
            Map<String, Field> fields = new LinkedHashMap<>();
            for (Field field : type.getDeclaredFields()) {
                SerializedName name = field.getAnnotation(SerializedName.class);
                if (name != null && !Modifier.isStatic(field.getModifiers())) {
                    fields.put(name.value(), field);
                }
            }
            return fields;
        });
    }

    @SuppressWarnings("unchecked")
    private static Collection<String> requiredFields(Class<?> model) {
        try {
            Field required = model.getField("openapiRequiredFields");
            return (Collection<String>) required.get(null);
        } catch (NoSuchFieldException | IllegalAccessException e) {
            return List.of();
        }
    }

    private static void quantity(JsonNode value, String where, List<String> problems) {
        if (value.isNumber()) {
            return;
        }
        if (!expect(value.isTextual(), where, "a quantity (such as 512Mi or 250m)", value, problems)) {
            return;
        }
        try {
            Quantity.fromString(value.asText());
        } catch (RuntimeException e) {
            problems.add(where + ": " + value + " is not a quantity (such as 512Mi or 250m)");
        }
    }

    private static boolean expect(boolean condition, String where, String expected, JsonNode value, List<String> problems) {
        if (!condition) {
            problems.add(where + ": expected " + expected + ", found " + value.getNodeType().name().toLowerCase() + " " + abbreviate(value));
        }
        return condition;
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        return Object.class;
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType p ? p.getActualTypeArguments()[index] : Object.class;
    }
}
