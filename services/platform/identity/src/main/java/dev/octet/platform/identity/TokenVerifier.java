package dev.octet.platform.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Checks the tokens of {@link TokenSigner} for one audience (this service): the certificate in {@code x5c}
 * must chain to a trust anchor and be valid now, the signature must be its key's, the token must be for
 * this service, not expired (give or take {@code clockSkew}), and not made to live longer than
 * {@code maxLifetime}. A token once accepted is remembered until it expires, so a caller's calls after its
 * first cost a map lookup; the memory is bounded.
 */
public final class TokenVerifier {

    private static final int REMEMBERED = 4096;
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final String audience;
    private final Set<TrustAnchor> anchors;
    private final Clock clock;
    private final Duration clockSkew;
    private final Duration maxLifetime;
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

    private record Accepted(ServiceId caller, Instant expires) {
    }

    public TokenVerifier(String audience, Collection<X509Certificate> trustAnchors, Clock clock, Duration clockSkew,
                         Duration maxLifetime) {
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("A verifier needs at least one trust anchor");
        }
        this.audience = audience;
        this.anchors = trustAnchors.stream().map(certificate -> new TrustAnchor(certificate, null)).collect(Collectors.toSet());
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.maxLifetime = maxLifetime;
    }

    public String audience() {
        return audience;
    }

    /** Who signed {@code token}, or why it is refused. */
    public ServiceId verify(String token) throws IdentityRefused {
        if (token == null || token.isBlank()) {
            throw new IdentityRefused("No service token was sent (header " + TokenSigner.HEADER + ")");
        }
        Instant now = clock.instant();
        Accepted known = accepted.get(token);
        if (known != null) {
            if (now.isBefore(known.expires().plus(clockSkew))) {
                return known.caller();
            }
            accepted.remove(token);
            throw new IdentityRefused("The service token of " + known.caller() + " expired at " + known.expires());
        }
        Accepted checked = check(token, now);
        if (accepted.size() >= REMEMBERED) {
            accepted.clear();
        }
        accepted.put(token, checked);
        return checked.caller();
    }

    private Accepted check(String token, Instant now) throws IdentityRefused {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IdentityRefused("The service token is not a compact JWS (three dot-separated parts)");
        }
        JsonNode header = json(parts[0], "header");
        JsonNode claims = json(parts[1], "claims");
        if (!TokenSigner.ALGORITHM.equals(header.path("alg").asText())) {
            throw new IdentityRefused("The service token is not signed with " + TokenSigner.ALGORITHM);
        }
        List<X509Certificate> chain = chain(header.path("x5c"));
        X509Certificate leaf = chain.get(0);
        validate(chain, now);
        ServiceId caller = ServiceId.of(leaf).orElseThrow(() -> new IdentityRefused(
                "The certificate of " + leaf.getSubjectX500Principal().getName() + " names no service"));
        verifySignature(leaf, parts);
        if (!caller.uri().toString().equals(claims.path("sub").asText())) {
            throw new IdentityRefused("The service token's subject " + claims.path("sub").asText()
                    + " is not its certificate's " + caller.uri());
        }
        String tokenAudience = claims.path("aud").asText();
        if (!audience.equals(tokenAudience)) {
            throw new IdentityRefused("The service token of " + caller + " is for " + tokenAudience + ", not " + audience);
        }
        if (!claims.path("iat").canConvertToLong() || !claims.path("exp").canConvertToLong()) {
            throw new IdentityRefused("The service token of " + caller + " has no iat and exp");
        }
        Instant issued = Instant.ofEpochSecond(claims.path("iat").asLong());
        Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong());
        if (!now.isBefore(expires.plus(clockSkew))) {
            throw new IdentityRefused("The service token of " + caller + " expired at " + expires);
        }
        if (issued.isAfter(now.plus(clockSkew))) {
            throw new IdentityRefused("The service token of " + caller + " is issued in the future, at " + issued);
        }
        if (Duration.between(issued, expires).compareTo(maxLifetime) > 0) {
            throw new IdentityRefused("The service token of " + caller + " lives longer than " + maxLifetime);
        }
        return new Accepted(caller, expires);
    }

    private JsonNode json(String part, String what) throws IdentityRefused {
        try {
            JsonNode node = TokenSigner.JSON.readTree(BASE64URL.decode(part));
            if (node == null || !node.isObject()) {
                throw new IdentityRefused("The service token's " + what + " is not a JSON object");
            }
            return node;
        } catch (IllegalArgumentException | IOException e) {
            throw new IdentityRefused("The service token's " + what + " is not Base64url JSON");
        }
    }

    private static List<X509Certificate> chain(JsonNode x5c) throws IdentityRefused {
        if (!x5c.isArray() || x5c.isEmpty() || x5c.size() > 4) {
            throw new IdentityRefused("The service token carries no certificate chain (x5c)");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (JsonNode certificate : x5c) {
                chain.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(Base64.getDecoder().decode(certificate.asText()))));
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IdentityRefused("The service token's x5c holds no readable certificate");
        }
        return chain;
    }

    private void validate(List<X509Certificate> chain, Instant now) throws IdentityRefused {
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain),
                    parameters);
        } catch (CertPathValidatorException e) {
            throw new IdentityRefused("The certificate of " + chain.get(0).getSubjectX500Principal().getName()
                    + " is not valid from this deployment's authority: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IdentityRefused("The certificate chain cannot be checked: " + e.getMessage(), e);
        }
    }

    private static void verifySignature(X509Certificate leaf, String[] parts) throws IdentityRefused {
        try {
            Signature signature = Signature.getInstance(CertificateAuthority.KEY_ALGORITHM);
            signature.initVerify(leaf.getPublicKey());
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!signature.verify(BASE64URL.decode(parts[2]))) {
                throw new IdentityRefused("The service token's signature is not its certificate's key's");
            }
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IdentityRefused("The service token's signature cannot be checked: " + e.getMessage());
        }
    }
}
