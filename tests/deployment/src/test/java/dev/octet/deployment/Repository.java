package dev.octet.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checkout under test: its root folder, and the service modules its root pom lists. */
record Repository(Path root) {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    /** The repository these tests were started from ({@code octet.repository}, set by the pom). */
    static Repository current() {
        String configured = System.getProperty("octet.repository");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("docker-compose.yml")) && Files.exists(dir.resolve("pom.xml"))) {
                return new Repository(dir);
            }
        }
        throw new IllegalStateException("No Octet checkout (a folder with pom.xml and docker-compose.yml) at or above " + start);
    }

    Path resolve(String relative) {
        return root.resolve(relative);
    }

    String read(String relative) {
        return Files2.read(resolve(relative));
    }

    /**
     * Every module that is a service: a Quarkus application (its pom runs the quarkus-maven-plugin),
     * in the order the root pom lists them.
     */
    List<ServiceModule> serviceModules() {
        List<ServiceModule> services = new ArrayList<>();
        Matcher modules = MODULE.matcher(read("pom.xml"));
        while (modules.find()) {
            String module = modules.group(1).trim();
            Path pom = resolve(module).resolve("pom.xml");
            if (Files.exists(pom) && Files2.read(pom).contains("<artifactId>quarkus-maven-plugin</artifactId>")) {
                services.add(new ServiceModule(module, resolve(module)));
            }
        }
        return services;
    }

    ServiceModule serviceModule(String name) {
        return serviceModules().stream().filter(module -> module.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No service module named " + name));
    }

    /** Small file helpers without checked exceptions. */
    static final class Files2 {

        private Files2() {
        }

        static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void write(Path file, String text) {
            try {
                Files.createDirectories(file.getParent());
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
