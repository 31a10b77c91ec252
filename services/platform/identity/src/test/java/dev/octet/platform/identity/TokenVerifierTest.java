package dev.octet.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final CertificateAuthority AUTHORITY = CertificateAuthority.create("test authority", Duration.ofDays(10), NOW);
    private static final IssuedIdentity CHUNK_SERVER = AUTHORITY.issue(ServiceId.of("chunk-server", "chunk-1"), Duration.ofDays(1), NOW);

    private final MutableClock clock = new MutableClock(NOW);
    private final TokenVerifier metadata = new TokenVerifier("metadata-service", List.of(AUTHORITY.certificate()), clock,
            Duration.ofSeconds(30), Duration.ofMinutes(15));

    private static String token(IssuedIdentity identity, String audience, Instant at, Duration lifetime) {
        return new TokenSigner(identity, lifetime, Clock.fixed(at, ZoneOffset.UTC)).token(audience);
    }

    @Test
    void acceptsATokenOfAServiceOfItsAuthorityForItself() throws IdentityRefused {
        ServiceId caller = metadata.verify(token(CHUNK_SERVER, "metadata-service", NOW, LIFETIME));

        assertThat(caller).isEqualTo(ServiceId.of("chunk-server", "chunk-1"));
        assertThat(caller.mayActAs("chunk-1")).isTrue();
        assertThat(caller.mayActAs("chunk-2")).isFalse();
    }

    @Test
    void refusesNoTokenAndMalformedOnes() {
        assertThatThrownBy(() -> metadata.verify(null)).hasMessageContaining("No service token");
        assertThatThrownBy(() -> metadata.verify("a.b")).hasMessageContaining("not a compact JWS");
        assertThatThrownBy(() -> metadata.verify("!!.e30.AA")).hasMessageContaining("header is not Base64url JSON");
    }

    @Test
    void refusesATokenForAnotherService() {
        assertThatThrownBy(() -> metadata.verify(token(CHUNK_SERVER, "chunk-server", NOW, LIFETIME)))
                .hasMessage("The service token of chunk-server/chunk-1 is for chunk-server, not metadata-service");
    }

    @Test
    void refusesAnExpiredTokenAndForgetsAnAcceptedOneOnceItExpires() throws IdentityRefused {
        assertThatThrownBy(() -> metadata.verify(token(CHUNK_SERVER, "metadata-service", NOW.minus(Duration.ofMinutes(6)), LIFETIME)))
                .hasMessageContaining("expired at");

        String token = token(CHUNK_SERVER, "metadata-service", NOW, LIFETIME);
        metadata.verify(token);
        clock.now = NOW.plus(LIFETIME).plusSeconds(31);
        assertThatThrownBy(() -> metadata.verify(token)).hasMessageContaining("expired at");
    }

    @Test
    void acceptsAClockThatIsSlightlyBehindButNotATokenFromTheFuture() throws IdentityRefused {
        metadata.verify(token(CHUNK_SERVER, "metadata-service", NOW.plusSeconds(20), LIFETIME));
        assertThatThrownBy(() -> metadata.verify(token(CHUNK_SERVER, "metadata-service", NOW.plusSeconds(120), LIFETIME)))
                .hasMessageContaining("issued in the future");
    }

    @Test
    void refusesATokenMadeToLiveLongerThanAllowed() {
        assertThatThrownBy(() -> metadata.verify(token(CHUNK_SERVER, "metadata-service", NOW, Duration.ofHours(1))))
                .hasMessageContaining("lives longer than PT15M");
    }

    @Test
    void refusesACertificateOfAnotherAuthority() {
        CertificateAuthority other = CertificateAuthority.create("another authority", Duration.ofDays(10), NOW);
        IssuedIdentity impostor = other.issue(ServiceId.of("chunk-server", "chunk-1"), Duration.ofDays(1), NOW);

        assertThatThrownBy(() -> metadata.verify(token(impostor, "metadata-service", NOW, LIFETIME)))
                .hasMessageContaining("is not valid from this deployment's authority");
    }

    @Test
    void refusesAnExpiredCertificate() {
        IssuedIdentity old = AUTHORITY.issue(ServiceId.of("chunk-server", "chunk-1"), Duration.ofDays(1), NOW.minus(Duration.ofDays(3)));

        assertThatThrownBy(() -> metadata.verify(token(old, "metadata-service", NOW, LIFETIME)))
                .hasMessageContaining("is not valid from this deployment's authority");
    }

    @Test
    void refusesATokenWhoseClaimsWereChanged() {
        String[] parts = token(CHUNK_SERVER, "metadata-service", NOW, LIFETIME).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("chunk-1", "chunk-2");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertThatThrownBy(() -> metadata.verify(forged)).hasMessageContaining("signature");
    }

    @Test
    void refusesATokenSignedWithAKeyThatIsNotItsCertificates() {
        IssuedIdentity other = AUTHORITY.issue(ServiceId.of("gateway"), Duration.ofDays(1), NOW);
        // chunk-1's certificate with the gateway's key: the signature does not match the certificate.
        IssuedIdentity mixed = new IssuedIdentity(CHUNK_SERVER.id(), CHUNK_SERVER.chain(), other.key(), AUTHORITY.certificate());

        assertThatThrownBy(() -> metadata.verify(token(mixed, "metadata-service", NOW, LIFETIME)))
                .hasMessageContaining("signature is not its certificate's key's");
    }

    @Test
    void aSignerMakesOneTokenPerAudienceUntilHalfItsLifeIsGone() {
        MutableClock signerClock = new MutableClock(NOW);
        TokenSigner signer = new TokenSigner(CHUNK_SERVER, LIFETIME, signerClock);
        String first = signer.token("metadata-service");

        assertThat(signer.token("metadata-service")).isSameAs(first);
        assertThat(signer.token("chunk-server")).isNotEqualTo(first);
        signerClock.now = NOW.plus(LIFETIME.dividedBy(2));
        assertThat(signer.token("metadata-service")).isNotEqualTo(first);
    }

    @Test
    void aServiceIdIsWrittenAndReadAsTheCertificateWritesIt() {
        assertThat(ServiceId.of("chunk-server", "chunk-1").uri()).hasToString("spiffe://octet/chunk-server/chunk-1");
        assertThat(ServiceId.fromUri("spiffe://octet/gateway")).contains(ServiceId.of("gateway"));
        assertThat(ServiceId.fromUri("spiffe://elsewhere/gateway")).isEmpty();
        assertThat(ServiceId.of(CHUNK_SERVER.certificate())).contains(CHUNK_SERVER.id());
        assertThat(ServiceId.of("gateway").mayActAs("anything")).isTrue();
        assertThatThrownBy(() -> ServiceId.parse("Gateway")).isInstanceOf(IllegalArgumentException.class);
    }

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
