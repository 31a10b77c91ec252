package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A copy of the deployment files (docker-compose.yml, .env, infra/, k8s/, the Dockerfile, .gitattributes, README.md)
 * in a temporary folder, to break one on purpose and see the checks catch it.
 */
final class Workspace {

    private final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    static Workspace copyOf(Repository repository, Path temporaryFolder) {
        Path root = temporaryFolder.resolve("checkout");
        copyTree(repository.resolve("infra"), root.resolve("infra"), path -> !path.contains("/src/") && !path.contains("/target/"));
        copyTree(repository.resolve("k8s"), root.resolve("k8s"), path -> true);
        for (String file : new String[] {"docker-compose.yml", ".env", "README.md", ".gitattributes", ServiceModule.DOCKERFILE}) {
            copy(repository.resolve(file), root.resolve(file));
        }
        return new Workspace(root);
    }

    Path root() {
        return root;
    }

    /** Replaces the one occurrence of {@code from} in a file; the test fails if there is not exactly one. */
    Workspace replace(String file, String from, String to) {
        Path path = root.resolve(file);
        String text = Repository.Files2.read(path);
        int first = text.indexOf(from);
        assertThat(first).as("%s contains %s", file, from).isGreaterThanOrEqualTo(0);
        assertThat(text.indexOf(from, first + 1)).as("%s contains %s only once", file, from).isLessThan(0);
        Repository.Files2.write(path, text.substring(0, first) + to + text.substring(first + from.length()));
        return this;
    }

    private static void copyTree(Path from, Path to, Predicate<String> include) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (include.test(file.toString())) {
                    copy(file, to.resolve(from.relativize(file).toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
