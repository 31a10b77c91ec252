package dev.octet.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the file under k8s/ that defines a rendered object, so a problem can say where to look. */
final class ManifestSources {

    private final Path root;
    private final Map<String, String> files = new HashMap<>();

    ManifestSources(Path root) {
        this.root = root;
        try (Stream<Path> yaml = Files.walk(root.resolve("k8s"))) {
            for (Path file : yaml.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (String document : Repository.Files2.read(file).split("(?m)^---\\s*$")) {
                    index(document, root.relativize(file).toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void index(String document, String file) {
        var kind = Pattern.compile("(?m)^kind:\\s*(\\S+)\\s*$").matcher(document);
        var name = Pattern.compile("(?m)^metadata:\\s*\\n(?:\\s+.*\\n)*?\\s{2}name:\\s*(\\S+)\\s*$").matcher(document);
        if (kind.find() && name.find()) {
            files.putIfAbsent(kind.group(1) + "/" + name.group(1), file);
        }
    }

    /** " (k8s/base/gateway/deployment.yaml)" for an object defined in a file, else "" (generated objects). */
    String of(String id) {
        String file = files.get(id);
        return file == null ? "" : " (" + file + ")";
    }

    /** The same problems, each followed by the file of the object it names. */
    List<String> annotate(List<String> problems) {
        return problems.stream().map(problem -> {
            int colon = problem.indexOf(": ");
            return colon < 0 ? problem : problem + of(problem.substring(0, colon));
        }).toList();
    }

    Path root() {
        return root;
    }
}
