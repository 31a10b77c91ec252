package dev.octet.platform.secrets;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Refuses to start a service whose configuration still holds a development secret, unless
 * {@code octet.development-secrets.allowed} is true (the devstack, docker-compose.yml and the local
 * Kubernetes overlay say so; Quarkus's dev and test profiles too). A secret is any property whose name
 * ends in {@code password}, {@code secret}, {@code secret-access-key} or {@code encryption-key}, and the
 * {@code user:password} pairs of an {@code auth.users} list. The message names every such setting and
 * the environment variable that sets it.
 */
@ApplicationScoped
public class DevelopmentSecrets {

    /** The development key-encryption key: Base64 of the 32 ASCII bytes {@code octet-development-key-encryption}. */
    public static final String DEVELOPMENT_KEY_ENCRYPTION_KEY =
            Base64.getEncoder().encodeToString("octet-development-key-encryption".getBytes(StandardCharsets.US_ASCII));
    /**
     * The secret values the repository ships (its application.properties, .env and the local overlay) are
     * {@code octet}, {@code octet-<something>} and the development key-encryption key.
     */
    public static boolean isDevelopmentValue(String value) {
        return value.equals("octet") || value.startsWith("octet-") || value.equals(DEVELOPMENT_KEY_ENCRYPTION_KEY);
    }
    public static final String ALLOWED = "octet.development-secrets.allowed";

    private static final Logger LOG = Logger.getLogger(DevelopmentSecrets.class);
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|secret-access-key|encryption-key)");
    private static final Pattern CREDENTIAL_LIST = Pattern.compile("(?i).*auth\\.users");

    void check(@Observes @Priority(1) StartupEvent event, Config config) {
        List<String> found = find(config);
        if (found.isEmpty()) {
            return;
        }
        if (config.getOptionalValue(ALLOWED, Boolean.class).orElse(false)) {
            LOG.infof("Development secrets in use (%s=true): %s", ALLOWED, String.join(", ", found));
            return;
        }
        throw new IllegalStateException(refusal(found));
    }

    /** The settings that hold a development value, each as {@code property (ENVIRONMENT_VARIABLE)}. */
    public static List<String> find(Config config) {
        // A setting given in the environment is listed under both names: keep one, the property's if known.
        Map<String, String> found = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            boolean secret = SECRET.matcher(name).matches();
            boolean credentials = CREDENTIAL_LIST.matcher(name).matches();
            if (name.startsWith("%") || !secret && !credentials) {
                continue;
            }
            Optional<String> value = config.getOptionalValue(name, String.class);
            if (value.isPresent() && (secret ? isDevelopmentValue(value.get()) : hasDevelopmentPassword(value.get()))) {
                found.merge(environmentName(name), name, (known, other) -> known.contains(".") ? known : other);
            }
        }
        List<String> settings = new ArrayList<>();
        found.forEach((environment, property) -> settings.add(
                property.equals(environment) ? environment : property + " (" + environment + ")"));
        return settings;
    }

    static String refusal(List<String> found) {
        return "Refusing to start: these settings still hold the development value the repository ships, "
                + "which anyone who has read it knows: " + String.join(", ", found) + ". Give each a secret of "
                + "your own (see k8s/overlays/production/SECRETS.md); on a development machine only, set "
                + environmentName(ALLOWED) + "=true.";
    }

    private static boolean hasDevelopmentPassword(String credentials) {
        for (String entry : credentials.split(",")) {
            int colon = entry.indexOf(':');
            if (colon >= 0 && isDevelopmentValue(entry.substring(colon + 1).strip())) {
                return true;
            }
        }
        return false;
    }

    /** The environment variable MicroProfile Config maps to the property. */
    static String environmentName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }
}
