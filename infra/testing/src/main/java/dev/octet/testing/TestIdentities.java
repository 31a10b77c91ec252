package dev.octet.testing;

import dev.octet.platform.identity.CertificateAuthority;
import dev.octet.platform.identity.IssuedIdentity;
import dev.octet.platform.identity.Pem;
import dev.octet.platform.identity.ServiceId;
import dev.octet.platform.identity.TokenSigner;
import dev.octet.platform.identity.TokenVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Service identities for tests, from a certificate authority made once per test JVM, as the devstack makes
 * one per machine: folders to point a service's {@code octet.identity.folder} at, and the tokens callers
 * send, good, expired, or from an authority the service does not trust.
 */
public final class TestIdentities {

    public static final Duration LIFETIME = Duration.ofMinutes(5);

    private static final Map<ServiceId, IssuedIdentity> ISSUED = new ConcurrentHashMap<>();
    private static final Map<ServiceId, TokenSigner> SIGNERS = new ConcurrentHashMap<>();
    private static CertificateAuthority authority;
    private static CertificateAuthority stranger;
    private static Path home;

    private TestIdentities() {
    }

    /** A folder holding only the authority's certificate ({@code ca.crt}): for a service that is called but calls no other. */
    public static synchronized Path trustOnly() {
        Path folder = home().resolve("trust-only");
        if (!Files.isRegularFile(folder.resolve(IssuedIdentity.TRUST_ANCHORS))) {
            Pem.writeCertificates(folder.resolve(IssuedIdentity.TRUST_ANCHORS), List.of(authority().certificate()));
        }
        return folder;
    }

    /** A folder with {@code id}'s key and certificate and the authority's certificate, as the devstack writes one. */
    public static synchronized Path folderFor(ServiceId id) {
        Path folder = home().resolve(id.instance().orElse(id.service()));
        if (!Files.isRegularFile(folder.resolve(IssuedIdentity.CERTIFICATE))) {
            issued(id).writeTo(folder);
        }
        return folder;
    }

    /** The {@value TokenSigner#HEADER} header value by which {@code caller} calls {@code audience}. */
    public static String token(ServiceId caller, String audience) {
        return SIGNERS.computeIfAbsent(caller, id -> new TokenSigner(issued(id), LIFETIME, Clock.systemUTC())).token(audience);
    }

    /** A token {@code caller} made ten minutes ago, which expired five minutes ago. */
    public static String expiredToken(ServiceId caller, String audience) {
        Instant past = Instant.now().minus(LIFETIME.multipliedBy(2));
        return new TokenSigner(issued(caller), LIFETIME, Clock.fixed(past, ZoneOffset.UTC)).token(audience);
    }

    /** A token for {@code caller} signed under an authority no service trusts: an impostor's. */
    public static String strangersToken(ServiceId caller, String audience) {
        IssuedIdentity impostor = stranger().issue(caller, Duration.ofDays(1), Instant.now());
        return new TokenSigner(impostor, LIFETIME, Clock.systemUTC()).token(audience);
    }

    /** What a service that trusts this authority checks a token with, as {@code audience}. */
    public static TokenVerifier verifierFor(String audience) {
        return new TokenVerifier(audience, List.of(authority().certificate()), Clock.systemUTC(), Duration.ofSeconds(30),
                Duration.ofMinutes(15));
    }

    private static IssuedIdentity issued(ServiceId id) {
        return ISSUED.computeIfAbsent(id, key -> authority().issue(key, Duration.ofDays(1), Instant.now()));
    }

    private static synchronized CertificateAuthority authority() {
        if (authority == null) {
            authority = CertificateAuthority.create("Octet test authority", Duration.ofDays(7), Instant.now());
        }
        return authority;
    }

    private static synchronized CertificateAuthority stranger() {
        if (stranger == null) {
            stranger = CertificateAuthority.create("Some other authority", Duration.ofDays(7), Instant.now());
        }
        return stranger;
    }

    private static synchronized Path home() {
        if (home == null) {
            try {
                home = Files.createTempDirectory("octet-test-identities");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot make a folder for test identities", e);
            }
        }
        return home;
    }
}
