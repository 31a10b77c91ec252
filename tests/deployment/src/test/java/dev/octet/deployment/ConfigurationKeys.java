package dev.octet.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration keys a service reads, and the environment variables that set them (MicroProfile
 * Config: every character that is not a letter or digit becomes {@code _}, letters upper case). Keys
 * come from the service's application.properties and the {@code @ConfigMapping} interfaces of the
 * service and of the platform libraries it uses.
 */
final class ConfigurationKeys {

    /**
     * Keys every Octet service accepts that the deployment sets without the services listing them:
     * the port, console colours, and where traces go (compose and k8s point the services at
     * the OpenTelemetry collector).
     */
    static final List<String> DEPLOYMENT_KEYS = List.of("quarkus.http.port", "quarkus.log.console.color",
            "quarkus.otel.exporter.otlp.traces.endpoint", "quarkus.otel.exporter.otlp.traces.protocol");

    /** Environment variables of the image itself, not configuration keys (see the Dockerfiles). */
    static final Set<String> IMAGE_VARIABLES = Set.of("JAVA_OPTS");

    private static final Pattern PROFILE = Pattern.compile("^%[\\w-]+\\.");
    private static final Pattern LOCAL_ADDRESS = Pattern.compile("\\b(localhost|127\\.0\\.0\\.1)\\b");
    /** Each platform library a service may depend on, and the folders of the libraries it brings with it. */
    private static final Map<String, List<String>> PLATFORM_LIBRARIES = Map.of(
            "octet-platform-web", List.of("services/platform/web", "services/platform/identity"),
            "octet-platform-identity", List.of("services/platform/identity"),
            "octet-platform-events", List.of("services/platform/events"));

    private final ServiceModule module;
    private final Set<String> keys = new LinkedHashSet<>();
    private final List<Pattern> environmentNames = new ArrayList<>();

    private ConfigurationKeys(ServiceModule module) {
        this.module = module;
    }

    static ConfigurationKeys of(ServiceModule module, Repository repository) {
        ConfigurationKeys configuration = new ConfigurationKeys(module);
        module.applicationProperties().keySet().forEach(key -> configuration.add(PROFILE.matcher(key).replaceFirst("")));
        configuration.addMappings(module.directory());
        PLATFORM_LIBRARIES.entrySet().stream()
                .filter(library -> module.pom().contains("<artifactId>" + library.getKey() + "</artifactId>"))
                .flatMap(library -> library.getValue().stream()).distinct().forEach(folder -> {
                    configuration.addMappings(repository.resolve(folder));
                    Path defaults = repository.resolve(folder).resolve("src/main/resources/META-INF/microprofile-config.properties");
                    if (Files.exists(defaults)) {
                        Repository.Files2.read(defaults).lines().map(String::strip)
                                .filter(line -> !line.isEmpty() && !line.startsWith("#") && line.contains("="))
                                .forEach(line -> configuration.add(PROFILE.matcher(line.substring(0, line.indexOf('=')).strip()).replaceFirst("")));
                    }
                });
        DEPLOYMENT_KEYS.forEach(configuration::add);
        return configuration;
    }

    /** Whether this environment variable sets a key the service reads. */
    boolean accepts(String variable) {
        return IMAGE_VARIABLES.contains(variable) || environmentNames.stream().anyMatch(name -> name.matcher(variable).matches());
    }

    /**
     * The environment variables a deployment must set: keys whose value in application.properties points
     * at this machine (localhost, 127.0.0.1), which in a container or a pod is the container itself.
     */
    Set<String> localDefaults() {
        Set<String> variables = new LinkedHashSet<>();
        module.applicationProperties().forEach((key, value) -> {
            if (!key.startsWith("%") && LOCAL_ADDRESS.matcher(value).find()) {
                variables.add(environmentName(key));
            }
        });
        return variables;
    }

    Set<String> keys() {
        return keys;
    }

    static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private void add(String key) {
        if (keys.add(key)) {
            String[] wildcard = key.split("\\*", -1);
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < wildcard.length; i++) {
                if (i > 0) {
                    regex.append("[A-Z0-9_]+");
                }
                regex.append(Pattern.quote(environmentName(wildcard[i])));
            }
            environmentNames.add(Pattern.compile(regex.toString()));
        }
    }

    private void addMappings(Path moduleDirectory) {
        Path sources = moduleDirectory.resolve("src/main/java");
        if (!Files.isDirectory(sources)) {
            return;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java"))
                    .map(Repository.Files2::read)
                    .filter(source -> source.contains("@ConfigMapping"))
                    .flatMap(source -> ConfigMappingKeys.of(source).stream())
                    .forEach(this::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
