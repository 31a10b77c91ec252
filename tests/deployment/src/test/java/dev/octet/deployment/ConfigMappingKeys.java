package dev.octet.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys a SmallRye {@code @ConfigMapping} interface reads, from its source: each
 * method is a key (kebab-case of its name, or its {@code @WithName}), nested interfaces are groups,
 * {@code Map<String, X>} adds a {@code *} segment, {@code Optional} and {@code List} are unwrapped.
 */
final class ConfigMappingKeys {

    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MEMBER = Pattern.compile("([\\w.]+(?:<.*>)?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"\\s*\\)");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");

    private ConfigMappingKeys() {
    }

    /** The keys of every {@code @ConfigMapping} in this Java source (none if it has no mapping). */
    static List<String> of(String javaSource) {
        Matcher mapping = MAPPING.matcher(javaSource);
        if (!mapping.find()) {
            return List.of();
        }
        String code = withoutComments(javaSource);
        Matcher root = INTERFACE.matcher(code);
        if (!root.find(Math.max(0, code.indexOf("@ConfigMapping")))) {
            return List.of();
        }
        int open = code.indexOf('{', root.end());
        Group group = Group.parse(code.substring(open + 1, matchingBrace(code, open)));
        List<String> keys = new ArrayList<>();
        group.collect(mapping.group(1), keys);
        return keys;
    }

    /** An interface body: its members, and the nested interfaces members may refer to. */
    private record Group(List<Member> members, Map<String, Group> nested) {

        static Group parse(String body) {
            List<Member> members = new ArrayList<>();
            Map<String, Group> nested = new LinkedHashMap<>();
            StringBuilder statement = new StringBuilder();
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '{') {
                    int close = matchingBrace(body, i);
                    Matcher name = INTERFACE.matcher(statement);
                    if (name.find()) {
                        nested.put(name.group(1), parse(body.substring(i + 1, close)));
                    }
                    statement.setLength(0);
                    i = close;
                } else if (c == ';') {
                    Member.parse(statement.toString()).ifPresent(members::add);
                    statement.setLength(0);
                } else {
                    statement.append(c);
                }
            }
            return new Group(members, nested);
        }

        void collect(String prefix, List<String> keys) {
            for (Member member : members) {
                member.collect(prefix, this, keys);
            }
        }
    }

    private record Member(String type, String key, boolean parentName) {

        static Optional<Member> parse(String statement) {
            String text = statement.trim();
            if (text.isEmpty() || text.contains("static ") || text.contains("=")) {
                return Optional.empty();
            }
            String declaration = text.replaceAll("@\\w+(\\.\\w+)*(\\s*\\((?:[^()\"]|\"[^\"]*\")*\\))?", " ").trim();
            Matcher member = MEMBER.matcher(declaration);
            if (!member.find()) {
                return Optional.empty();
            }
            Matcher withName = WITH_NAME.matcher(text);
            String key = withName.find() ? withName.group(1) : kebab(member.group(2));
            return Optional.of(new Member(member.group(1).replaceAll("\\s+", ""), key, text.contains("@WithParentName")));
        }

        void collect(String prefix, Group scope, List<String> keys) {
            String key = parentName ? prefix : prefix + "." + this.key;
            String valueType = type;
            while (true) {
                if (valueType.startsWith("Optional<")
                        || valueType.startsWith("List<") || valueType.startsWith("Set<")) {
                    valueType = inner(valueType);
                } else if (valueType.startsWith("Map<")) {
                    String arguments = inner(valueType);
                    valueType = arguments.substring(arguments.indexOf(',') + 1);
                    key = key + ".*";
                } else {
                    break;
                }
            }
            Group group = scope.nested().get(valueType);
            if (group != null) {
                group.collect(key, keys);
            } else {
                keys.add(key);
            }
        }

        private static String inner(String generic) {
            return generic.substring(generic.indexOf('<') + 1, generic.lastIndexOf('>'));
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static int matchingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("Unbalanced braces in a @ConfigMapping source");
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
    }
}
