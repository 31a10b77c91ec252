package dev.octet.platform.identity.config;

import dev.octet.platform.identity.DevelopmentAuthority;
import dev.octet.platform.identity.IdentityRefused;
import dev.octet.platform.identity.IssuedIdentity;
import dev.octet.platform.identity.Pem;
import dev.octet.platform.identity.ServiceId;
import dev.octet.platform.identity.TokenSigner;
import dev.octet.platform.identity.TokenVerifier;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * This service's identity: it signs the tokens this service sends when it calls another, and checks the
 * tokens of those that call it (its audience is its application name). Read from
 * {@code octet.identity.folder} at start and again whenever the certificate file changes, as it does when
 * cert-manager or the devstack renews it.
 */
@ApplicationScoped
public class ServiceIdentity {

    private static final Logger LOG = Logger.getLogger(ServiceIdentity.class);
    private static final Duration RECHECK = Duration.ofSeconds(30);
    private static final Duration EXPIRY_WARNING = Duration.ofDays(7);

    private final IdentityConfig config;
    private final String audience;
    private final boolean developmentAllowed;
    private final Clock clock = Clock.systemUTC();
    private volatile Loaded loaded;

    private record Loaded(FileTime certificateChanged, FileTime anchorsChanged, Optional<TokenSigner> signer,
                          Optional<TokenVerifier> verifier, Instant checked) {
    }

    ServiceIdentity(IdentityConfig config, @ConfigProperty(name = "quarkus.application.name") String audience,
                    @ConfigProperty(name = "octet.development-secrets.allowed", defaultValue = "false") boolean developmentAllowed) {
        this.config = config;
        this.audience = audience;
        this.developmentAllowed = developmentAllowed;
    }

    void load(@Observes @Priority(2) StartupEvent event) {
        Loaded current = current();
        if (config.folder().isEmpty()) {
            LOG.infof("No service identity (octet.identity.folder is not set): %s can neither call nor be called by another service",
                    audience);
        } else {
            LOG.infof("Service identity %s; accepting callers of %s", current.signer().map(s -> s.id().toString()).orElse("none"),
                    config.folder().get().resolve(IssuedIdentity.TRUST_ANCHORS));
        }
    }

    /** Who this service is, if it has a certificate. */
    public Optional<ServiceId> id() {
        return current().signer().map(TokenSigner::id);
    }

    /** A token that says who this service is to {@code service}, for the {@value TokenSigner#HEADER} header. */
    public Optional<String> tokenFor(String service) {
        return current().signer().map(signer -> signer.token(service));
    }

    /** Who sent {@code token}, or why it is refused. */
    public ServiceId caller(String token) throws IdentityRefused {
        Optional<TokenVerifier> verifier = current().verifier();
        if (verifier.isEmpty()) {
            throw new IdentityRefused(audience + " has no trust anchors (octet.identity.folder), so it accepts no caller");
        }
        return verifier.get().verify(token);
    }

    private Loaded current() {
        Loaded known = loaded;
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.checked().plus(RECHECK))) {
            return known;
        }
        synchronized (this) {
            known = loaded;
            if (known != null && now.isBefore(known.checked().plus(RECHECK))) {
                return known;
            }
            Optional<Path> folder = config.folder();
            FileTime certificateChanged = folder.map(f -> modified(f.resolve(IssuedIdentity.CERTIFICATE))).orElse(null);
            FileTime anchorsChanged = folder.map(f -> modified(f.resolve(IssuedIdentity.TRUST_ANCHORS))).orElse(null);
            if (known != null && Objects.equals(certificateChanged, known.certificateChanged())
                    && Objects.equals(anchorsChanged, known.anchorsChanged())) {
                loaded = new Loaded(certificateChanged, anchorsChanged, known.signer(), known.verifier(), now);
            } else {
                loaded = read(folder, certificateChanged, anchorsChanged, now);
            }
            return loaded;
        }
    }

    private Loaded read(Optional<Path> folder, FileTime certificateChanged, FileTime anchorsChanged, Instant now) {
        Optional<TokenSigner> signer = Optional.empty();
        Optional<TokenVerifier> verifier = Optional.empty();
        if (folder.isPresent()) {
            if (anchorsChanged != null) {
                List<X509Certificate> anchors = Pem.readCertificates(folder.get().resolve(IssuedIdentity.TRUST_ANCHORS));
                DevelopmentAuthority.refuse(anchors, developmentAllowed);
                verifier = Optional.of(new TokenVerifier(audience, anchors, clock, config.clockSkew(), config.maxTokenLifetime()));
            }
            if (certificateChanged != null) {
                List<X509Certificate> chain = Pem.readCertificates(folder.get().resolve(IssuedIdentity.CERTIFICATE));
                ServiceId id = ServiceId.of(chain.get(0)).orElseThrow(() -> new IllegalStateException(
                        folder.get().resolve(IssuedIdentity.CERTIFICATE) + " names no Octet service (spiffe://octet/...)"));
                Instant notAfter = chain.get(0).getNotAfter().toInstant();
                if (Duration.between(now, notAfter).compareTo(EXPIRY_WARNING) < 0) {
                    LOG.warnf("The certificate of %s expires at %s: renew it (./octet up does in the devstack)", id, notAfter);
                }
                signer = Optional.of(new TokenSigner(id, chain, Pem.readPrivateKey(folder.get().resolve(IssuedIdentity.KEY)),
                        config.tokenLifetime(), clock));
            }
        }
        return new Loaded(certificateChanged, anchorsChanged, signer, verifier, now);
    }

    private static FileTime modified(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.getLastModifiedTime(file) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
