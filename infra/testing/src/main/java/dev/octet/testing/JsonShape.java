package dev.octet.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares a JSON document with an example by shape, as Pact's type matchers do: the same fields, each
 * of the same JSON type (a UUID where the example has a UUID), array elements shaped like the example's
 * first element. Values are not compared: an example stands for every document of its shape.
 */
public final class JsonShape {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private JsonShape() {
    }

    /** Where {@code actual} differs in shape from {@code example}; empty if it has the same shape. */
    public static List<String> differences(String example, String actual) {
        List<String> found = new ArrayList<>();
        compare("$", parse(example), parse(actual), found);
        return found;
    }

    /** Throws an {@link AssertionError} listing every difference in shape. */
    public static void assertSameShape(String example, String actual) {
        List<String> found = differences(example, actual);
        if (!found.isEmpty()) {
            throw new AssertionError("The document does not have the contract's shape:\n  " + String.join("\n  ", found)
                    + "\ncontract example: " + example + "\nactual: " + actual);
        }
    }

    private static void compare(String path, JsonNode example, JsonNode actual, List<String> found) {
        if (actual.getNodeType() != example.getNodeType() && !(example.isNumber() && actual.isNumber())) {
            found.add(path + ": " + example.getNodeType() + " expected, " + actual.getNodeType() + " found");
            return;
        }
        if (example.isTextual() && UUID.matcher(example.asText()).matches() && !UUID.matcher(actual.asText()).matches()) {
            found.add(path + ": a UUID expected, \"" + actual.asText() + "\" found");
        } else if (example.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = example.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode value = actual.get(field.getKey());
                if (value == null) {
                    found.add(path + "." + field.getKey() + ": missing");
                } else {
                    compare(path + "." + field.getKey(), field.getValue(), value, found);
                }
            }
            actual.fieldNames().forEachRemaining(name -> {
                if (!example.has(name)) {
                    found.add(path + "." + name + ": not in the contract");
                }
            });
        } else if (example.isArray() && !example.isEmpty()) {
            for (int i = 0; i < actual.size(); i++) {
                compare(path + "[" + i + "]", example.get(0), actual.get(i), found);
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }
}
