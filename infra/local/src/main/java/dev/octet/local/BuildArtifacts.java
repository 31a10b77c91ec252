package dev.octet.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Where Maven put the Kafka broker jars and the S3 server jar. The build of this module writes
 * their paths into resources; the servers run from them as separate processes.
 */
public final class BuildArtifacts {

    private BuildArtifacts() {
    }

    public static String kafkaClasspath() {
        List<Path> jars = paths("kafka.classpath");
        return String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList());
    }

    public static Path s3MockJar() {
        return paths("s3mock.classpath").get(0);
    }

    private static List<Path> paths(String resource) {
        String text;
        try (InputStream in = BuildArtifacts.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + resource + " is missing: build infra/local with ./mvnw first");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> paths = Arrays.stream(text.split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
        paths.stream().filter(p -> !Files.exists(p)).findFirst().ifPresent(missing -> {
            throw new IllegalStateException(missing + " is listed in " + resource
                    + " but does not exist: rebuild infra/local with ./mvnw so Maven downloads it again");
        });
        return paths;
    }
}
