package dev.octet.metadata.model;

import dev.octet.platform.web.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A valid absolute path in the namespace: {@code /} or {@code /name/name...}, never with empty,
 * {@code .} or {@code ..} names, control characters, names over 255 bytes or paths over 4096 bytes.
 */
public record PathName(String value) {

    public static final int MAX_NAME_BYTES = 255;
    public static final int MAX_PATH_BYTES = 4096;
    public static final PathName ROOT = new PathName("/");

    /** Checks {@code raw} and returns it as a path; a single trailing slash is dropped. */
    public static PathName parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw invalid("A path is required.");
        }
        if (!raw.startsWith("/")) {
            throw invalid("The path '" + abbreviate(raw) + "' must be absolute (start with '/').");
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw invalid("The path is longer than " + MAX_PATH_BYTES + " bytes.");
        }
        if (raw.equals("/")) {
            return ROOT;
        }
        String path = raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
        for (String name : path.substring(1).split("/", -1)) {
            checkName(name, raw);
        }
        return new PathName(path);
    }

    private static void checkName(String name, String raw) {
        if (name.isEmpty()) {
            throw invalid("The path '" + abbreviate(raw) + "' has an empty name (two slashes in a row).");
        }
        if (name.equals(".") || name.equals("..")) {
            throw invalid("The path '" + abbreviate(raw) + "' contains '" + name + "'; use plain absolute paths.");
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw invalid("The name '" + abbreviate(name) + "' is longer than " + MAX_NAME_BYTES + " bytes.");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid("The path '" + abbreviate(raw) + "' contains a control character.");
            }
        }
    }

    public boolean isRoot() {
        return value.equals("/");
    }

    public Optional<PathName> parent() {
        if (isRoot()) {
            return Optional.empty();
        }
        int slash = value.lastIndexOf('/');
        return Optional.of(slash == 0 ? ROOT : new PathName(value.substring(0, slash)));
    }

    public String name() {
        return isRoot() ? "" : value.substring(value.lastIndexOf('/') + 1);
    }

    /** The directories above this path, the root first. */
    public List<PathName> ancestors() {
        List<PathName> ancestors = new ArrayList<>();
        Optional<PathName> parent = parent();
        while (parent.isPresent()) {
            ancestors.add(0, parent.get());
            parent = parent.get().parent();
        }
        return ancestors;
    }

    /** True if {@code other} lies strictly below this path. */
    public boolean isAncestorOf(PathName other) {
        return isRoot() ? !other.isRoot() : other.value.startsWith(value + "/");
    }

    /** The prefix every descendant's path starts with. */
    public String descendantPrefix() {
        return isRoot() ? "/" : value + "/";
    }

    @Override
    public String toString() {
        return value;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(400, "invalid-path", "Invalid path", detail);
    }
}
