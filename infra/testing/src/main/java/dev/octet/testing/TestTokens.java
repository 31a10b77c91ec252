package dev.octet.testing;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * Signed JWTs for tests, shaped like the ones user-service issues (RS256, issuer
 * {@value #ISSUER}), from a key pair made once per test JVM. {@link JwtResource} points a service's
 * verification at the public half.
 */
public final class TestTokens {

    public static final String ISSUER = "https://octet.dev";

    private static KeyPair keys;
    private static Path publicKeyFile;

    private TestTokens() {
    }

    /** An {@code Authorization} header value for {@code userId}. */
    public static String bearer(UUID userId) {
        return "Bearer " + token(userId, userId + "@example.test", Duration.ofMinutes(30));
    }

    public static String token(UUID userId, String email, Duration lifetime) {
        return Jwt.issuer(ISSUER)
                .subject(userId.toString())
                .upn(email)
                .groups(Set.of("customer"))
                .expiresIn(lifetime)
                .jws().keyId("test-key")
                .sign(keys().getPrivate());
    }

    /** A token signed by a key nobody trusts: services must refuse it. */
    public static String bearerSignedByStranger(UUID userId) {
        return "Bearer " + Jwt.issuer(ISSUER).subject(userId.toString()).upn("stranger@example.test")
                .expiresIn(Duration.ofMinutes(5)).jws().keyId("stranger").sign(newKeyPair().getPrivate());
    }

    /** The PEM file holding the public key, for {@code mp.jwt.verify.publickey.location}. */
    public static synchronized Path publicKeyFile() {
        if (publicKeyFile == null) {
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys().getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            try {
                publicKeyFile = Files.createTempFile("octet-test-jwt-", ".pem");
                Files.writeString(publicKeyFile, pem);
                publicKeyFile.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return publicKeyFile;
    }

    private static synchronized KeyPair keys() {
        if (keys == null) {
            keys = newKeyPair();
        }
        return keys;
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
