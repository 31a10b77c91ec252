package dev.octet.user.service;

import dev.octet.user.model.SigningKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * The RSA key pair that signs tokens. It lives in this service's database so that every replica
 * signs with the same key and nothing secret sits in configuration: the first replica to start
 * creates it; the others (and later starts) load it. The public half is published as a JWKS.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final String KEY_ID = "octet-user-service-1";

    private volatile KeyPair keys;

    void onStart(@Observes StartupEvent event) throws Throwable {
        keys = VertxContextSupport.subscribeAndAwait(this::loadOrCreate);
    }

    public String keyId() {
        return KEY_ID;
    }

    public PrivateKey privateKey() {
        return keys.getPrivate();
    }

    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keys.getPublic();
    }

    /** The public key as a JSON Web Key Set document. */
    public Map<String, Object> jwks() {
        RsaJsonWebKey jwk = new RsaJsonWebKey(publicKey());
        jwk.setKeyId(KEY_ID);
        jwk.setUse("sig");
        jwk.setAlgorithm("RS256");
        return Map.of("keys", java.util.List.of(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
    }

    private Uni<KeyPair> loadOrCreate() {
        return Panache.withTransaction(() -> SigningKey.<SigningKey>findById(KEY_ID)
                        .flatMap(stored -> stored != null ? Uni.createFrom().item(stored) : create()))
                // Two replicas starting at once: the loser's insert fails on the key, and it loads the winner's.
                .onFailure().recoverWithUni(() -> Panache.withSession(() -> SigningKey.<SigningKey>findById(KEY_ID)))
                .map(SigningKeys::decode);
    }

    private Uni<SigningKey> create() {
        KeyPair pair = generate();
        SigningKey key = new SigningKey();
        key.id = KEY_ID;
        key.privateKey = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        key.publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
        key.createdAt = OffsetDateTime.now();
        LOG.info("Created the token signing key " + KEY_ID);
        return key.persistAndFlush().replaceWith(key);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair decode(SigningKey stored) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            return new KeyPair(
                    factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(stored.publicKey))),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(stored.privateKey))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The stored signing key cannot be read", e);
        }
    }
}
