package dev.octet.platform.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs the tokens by which a service says who it is when it calls another: a JWS (RFC 7515) signed with
 * the key of its certificate, which travels in the token's {@code x5c} header, so that the called service
 * needs nothing but the authority's certificate to check it. Each token names one audience (the called
 * service) and lives {@code lifetime}; one is made per audience and used until half its life is gone, so
 * signing costs nothing on most calls.
 */
public final class TokenSigner {

    /** The request header a token travels in; {@code Authorization} stays free for the user's own token. */
    public static final String HEADER = "Octet-Service-Token";
    static final String TYPE = "octet-service+jwt";
    static final String ALGORITHM = "EdDSA";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ServiceId id;
    private final PrivateKey key;
    private final Duration lifetime;
    private final Clock clock;
    private final String encodedHeader;
    private final Map<String, Minted> tokens = new ConcurrentHashMap<>();

    private record Minted(String token, Instant renewAt) {
    }

    public TokenSigner(ServiceId id, List<X509Certificate> chain, PrivateKey key, Duration lifetime, Clock clock) {
        this.id = id;
        this.key = key;
        this.lifetime = lifetime;
        this.clock = clock;
        List<String> x5c = new ArrayList<>();
        try {
            for (X509Certificate certificate : chain) {
                x5c.add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Cannot encode the certificate of " + id, e);
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", ALGORITHM);
        header.put("typ", TYPE);
        header.put("x5c", x5c);
        this.encodedHeader = encode(header);
    }

    public TokenSigner(IssuedIdentity identity, Duration lifetime, Clock clock) {
        this(identity.id(), identity.chain(), identity.key(), lifetime, clock);
    }

    public ServiceId id() {
        return id;
    }

    /** A token for calls to {@code audience} (the called service's name), made anew when half its life is gone. */
    public String token(String audience) {
        Instant now = clock.instant();
        Minted minted = tokens.get(audience);
        if (minted == null || !now.isBefore(minted.renewAt())) {
            minted = new Minted(mint(audience, now), now.plus(lifetime.dividedBy(2)));
            tokens.put(audience, minted);
        }
        return minted.token();
    }

    private String mint(String audience, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", id.uri().toString());
        claims.put("aud", audience);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(lifetime).getEpochSecond());
        String signingInput = encodedHeader + "." + encode(claims);
        try {
            Signature signature = Signature.getInstance(CertificateAuthority.KEY_ALGORITHM);
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a service token for " + id, e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + json, e);
        }
    }
}
