package dev.octet.platform.identity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Where this service's identity is, and how long the tokens it signs live. */
@ConfigMapping(prefix = "octet.identity")
public interface IdentityConfig {

    /**
     * A folder in the layout of a Kubernetes TLS Secret: {@code tls.crt} and {@code tls.key}, this service's
     * certificate and key (absent for a service that calls no other), and {@code ca.crt}, the authorities
     * whose services it accepts calls from. Without it the service can neither call nor be called by another.
     */
    Optional<Path> folder();

    /** How long a token this service signs is good for. */
    @WithDefault("PT5M")
    Duration tokenLifetime();

    /** How far apart two services' clocks may be. */
    @WithDefault("PT30S")
    Duration clockSkew();

    /** A caller's token made to live longer than this is refused, whoever signed it. */
    @WithDefault("PT15M")
    Duration maxTokenLifetime();
}
