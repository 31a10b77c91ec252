package dev.octet.deployment;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** A Maven module that is a service, e.g. {@code services/user-service}; its name is the folder's. */
record ServiceModule(String path, Path directory) {

    String name() {
        return directory.getFileName().toString();
    }

    /** The one Dockerfile every service image is built from, at the repository root. */
    static final String DOCKERFILE = "Dockerfile";

    /** The image the repository builds for this module: the root Dockerfile's target of the module's name. */
    String image() {
        return "octet/" + name();
    }

    /** The root Dockerfile's stage that is this module's image. */
    String target() {
        return name();
    }

    String pom() {
        return Repository.Files2.read(directory.resolve("pom.xml"));
    }

    boolean hasHealthEndpoints() {
        return pom().contains("<artifactId>quarkus-smallrye-health</artifactId>");
    }

    /** application.properties as written: keys (profile prefixes included) to raw values, in file order. */
    Map<String, String> applicationProperties() {
        Path file = directory.resolve("src/main/resources/application.properties");
        Map<String, String> properties = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return properties;
        }
        Properties parsed = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                properties.put((String) key, (String) value);
                return super.put(key, value);
            }
        };
        try {
            parsed.load(new StringReader(Repository.Files2.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The HTTP port the service listens on unless told otherwise (quarkus.http.port). */
    int httpPort() {
        String port = applicationProperties().get("quarkus.http.port");
        if (port == null) {
            throw new IllegalStateException(path + "/src/main/resources/application.properties sets no quarkus.http.port");
        }
        return Integer.parseInt(port.trim());
    }
}
