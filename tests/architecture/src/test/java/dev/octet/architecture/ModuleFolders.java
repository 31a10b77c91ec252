package dev.octet.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds test code that reaches into another module's folders by path ({@code ../metadata-service/target/...},
 * {@code services/order-service/src/...}): a module's tests use another module through a Maven dependency
 * (its classes, or its packaged application as an artifact), never through its files.
 */
final class ModuleFolders {

    /** A relative path that leaves the module and ends in some module's src or target folder. */
    private static final Pattern ESCAPING_PATH = Pattern.compile("\\.\\./(?:[\\w.-]+/)*(?:src|target)(?![\\w.-])");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Set<String> SCANNED = Set.of(".java", ".properties", ".xml", ".json", ".yaml", ".yml", ".sql", ".sh");

    private ModuleFolders() {
    }

    /** One line of a module's tests or build file that reads another module's files. */
    record Violation(String file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text.strip();
        }
    }

    /** The modules of the build under {@code repository}, as paths relative to it, nested ones included. */
    static List<String> modules(Path repository) {
        List<String> found = new ArrayList<>();
        collect(repository, "", found);
        return found;
    }

    private static void collect(Path repository, String module, List<String> found) {
        Matcher matcher = MODULE.matcher(read(repository.resolve(module).resolve("pom.xml")));
        while (matcher.find()) {
            String child = module.isEmpty() ? matcher.group(1).strip() : module + "/" + matcher.group(1).strip();
            found.add(child);
            collect(repository, child, found);
        }
    }

    /**
     * Every line of each module's build file and test folder that names a path into another module's
     * {@code src} or {@code target}, except the files listed in {@code exceptions}.
     */
    static List<Violation> scan(Path repository, Set<String> exceptions) {
        List<String> modules = modules(repository);
        List<Violation> violations = new ArrayList<>();
        for (String module : modules) {
            List<Pattern> others = modules.stream().filter(other -> !other.equals(module) && !module.startsWith(other + "/"))
                    .map(other -> Pattern.compile("(?<![\\w.-])" + Pattern.quote(other) + "/(?:src|target)(?![\\w.-])"))
                    .toList();
            Path directory = repository.resolve(module);
            List<Path> files = new ArrayList<>();
            files.add(directory.resolve("pom.xml"));
            files.addAll(filesUnder(directory.resolve("src/test")));
            for (Path file : files) {
                String relative = repository.relativize(file).toString();
                if (!exceptions.contains(relative)) {
                    check(relative, read(file), others, violations);
                }
            }
        }
        return violations;
    }

    private static void check(String file, String text, List<Pattern> others, List<Violation> violations) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean reaches = ESCAPING_PATH.matcher(line).find() || others.stream().anyMatch(p -> p.matcher(line).find());
            if (reaches) {
                violations.add(new Violation(file, i + 1, line));
            }
        }
    }

    private static List<Path> filesUnder(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            return paths.filter(Files::isRegularFile)
                    .filter(path -> SCANNED.stream().anyMatch(extension -> path.toString().endsWith(extension)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (MalformedInputException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
