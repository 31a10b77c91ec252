package dev.octet.user.service;

import dev.octet.platform.background.PeriodicTask;
import dev.octet.platform.web.DatabaseErrors;
import dev.octet.user.model.SigningKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;

/**
 * The RSA key pairs that sign tokens, kept in this service's database (private halves encrypted, see
 * {@link KeyEncryption}) so that every replica signs with the same key, and rotated:
 * <ul>
 *   <li>a key signs for {@code octet.jwt.rotation-period}; its successor is made {@code octet.jwt.publish-ahead}
 *       before that, and published in the JWKS at once, so every verifier (the gateway refreshes its copy) knows it
 *       before the first token it signs arrives;</li>
 *   <li>a key that no longer signs still verifies for one token lifetime (and a minute of clock skew): no token
 *       it signed is refused before it expires; then it is deleted;</li>
 *   <li>its id ({@code kid}) is the RFC 7638 thumbprint of its public key.</li>
 * </ul>
 * Every replica reloads the keys every {@code octet.jwt.key-refresh}, and whichever finds the next key due
 * makes it; two replicas racing collide on the generation number, and the loser loads the winner's.
 */
@ApplicationScoped
public class SigningKeys {

    /** Clocks of the issuer and the verifiers may differ by this much. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final KeyEncryption encryption;
    private final Vertx vertx;
    private final Duration tokenLifetime;
    private final Duration rotationPeriod;
    private final Duration publishAhead;
    private final Duration refresh;
    private volatile List<LoadedKey> ring = List.of();
    private PeriodicTask timer;

    /** A key as this replica holds it. {@code verifiesUntil} is empty while no successor signs. */
    public record LoadedKey(String kid, int generation, PublicKey publicKey, PrivateKey privateKey, Instant signsFrom,
                            Optional<Instant> verifiesUntil) {
    }

    SigningKeys(KeyEncryption encryption, Vertx vertx,
                @ConfigProperty(name = "octet.jwt.lifetime") Duration tokenLifetime,
                @ConfigProperty(name = "octet.jwt.rotation-period") Duration rotationPeriod,
                @ConfigProperty(name = "octet.jwt.publish-ahead") Duration publishAhead,
                @ConfigProperty(name = "octet.jwt.key-refresh") Duration refresh) {
        this.encryption = encryption;
        this.vertx = vertx;
        this.tokenLifetime = tokenLifetime;
        this.rotationPeriod = rotationPeriod;
        this.publishAhead = publishAhead;
        this.refresh = refresh;
        if (!publishAhead.isNegative() && publishAhead.compareTo(rotationPeriod) >= 0) {
            throw new IllegalStateException("octet.jwt.publish-ahead (" + publishAhead + ") must be shorter than "
                    + "octet.jwt.rotation-period (" + rotationPeriod + ")");
        }
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        VertxContextSupport.subscribeAndAwait(this::maintain);
        timer = PeriodicTask.every(vertx, refresh, this::maintain,
                failure -> LOG.warnf("Cannot refresh the signing keys: %s", failure.getMessage()));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** The key that signs now: the newest whose time has come. */
    public LoadedKey signing() {
        Instant now = Instant.now();
        return ring.stream().filter(key -> !key.signsFrom().isAfter(now))
                .max(Comparator.comparingInt(LoadedKey::generation))
                .orElseThrow(() -> new IllegalStateException("No signing key has been loaded"));
    }

    /** The public key a token's {@code kid} names, if that key may still verify. */
    public Optional<PublicKey> verificationKey(String kid) {
        Instant now = Instant.now();
        return ring.stream().filter(key -> key.kid().equals(kid) && open(key, now)).map(LoadedKey::publicKey).findFirst();
    }

    /** Every key that may verify a token now, the next one included. */
    public List<LoadedKey> published() {
        Instant now = Instant.now();
        return ring.stream().filter(key -> open(key, now)).toList();
    }

    /** The published keys as a JSON Web Key Set document. */
    public Map<String, Object> jwks() {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (LoadedKey key : published()) {
            RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) key.publicKey());
            jwk.setKeyId(key.kid());
            jwk.setUse("sig");
            jwk.setAlgorithm("RS256");
            keys.add(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        }
        return Map.of("keys", keys);
    }

    /**
     * Makes the next key now, signing after {@code octet.jwt.publish-ahead}, whatever the rotation period says:
     * what an operator does when a key may have leaked. Returns it.
     */
    public Uni<LoadedKey> rotate() {
        // If another replica made the next key at the same moment, theirs is the one.
        return addNext().flatMap(kid -> load().map(loaded -> loaded.stream()
                .filter(key -> key.kid().equals(kid)).findFirst().orElse(loaded.get(loaded.size() - 1))));
    }

    /** Loads the keys; makes the first or the next if due; deletes those that can verify nothing any more. */
    public Uni<Void> maintain() {
        return load().flatMap(loaded -> {
            Instant now = Instant.now();
            if (loaded.isEmpty()) {
                return addNext().flatMap(kid -> load()).replaceWithVoid();
            }
            LoadedKey newest = loaded.get(loaded.size() - 1);
            if (!newest.signsFrom().plus(rotationPeriod).minus(publishAhead).isAfter(now)) {
                return addNext().flatMap(kid -> load()).replaceWithVoid();
            }
            List<String> closed = loaded.stream().filter(key -> !open(key, now)).map(LoadedKey::kid).toList();
            if (closed.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return Panache.withTransaction(() -> SigningKey.delete("kid in ?1", closed))
                    .invoke(count -> LOG.infof("Deleted the signing keys %s: no token they signed is still valid", closed))
                    .replaceWithVoid();
        });
    }

    private Uni<List<LoadedKey>> load() {
        return Panache.withSession(() -> SigningKey.<SigningKey>listAll())
                .map(stored -> {
                    List<SigningKey> byGeneration = stored.stream().sorted(Comparator.comparingInt(key -> key.generation)).toList();
                    List<LoadedKey> loaded = new ArrayList<>();
                    for (int i = 0; i < byGeneration.size(); i++) {
                        Optional<Instant> successorSigns = i + 1 < byGeneration.size()
                                ? Optional.of(byGeneration.get(i + 1).signsFrom.toInstant()) : Optional.empty();
                        loaded.add(decode(byGeneration.get(i), successorSigns.map(from -> from.plus(tokenLifetime).plus(CLOCK_SKEW))));
                    }
                    ring = List.copyOf(loaded);
                    return ring;
                });
    }

    /** Adds the next generation; if another replica just did, its key stands and this one is dropped. */
    private Uni<String> addNext() {
        KeyPair pair = generate();
        String kid = thumbprint(pair.getPublic());
        Instant now = Instant.now();
        return Panache.withTransaction(() -> SigningKey.<SigningKey>find("order by generation desc").firstResult()
                        .flatMap(newest -> {
                            SigningKey key = new SigningKey();
                            key.kid = kid;
                            key.generation = newest == null ? 1 : newest.generation + 1;
                            key.publicKey = Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
                            key.encryptedPrivateKey = encryption.encrypt(kid, pair.getPrivate().getEncoded());
                            key.createdAt = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
                            // The first key signs at once: there is nothing to sign with before it.
                            key.signsFrom = OffsetDateTime.ofInstant(newest == null ? now : now.plus(publishAhead), ZoneOffset.UTC);
                            return key.persistAndFlush().replaceWith(key);
                        }))
                .invoke(key -> LOG.infof("Made signing key %s (generation %d), signing from %s", key.kid, key.generation, key.signsFrom))
                .map(key -> key.kid)
                .onFailure(DatabaseErrors::isUniqueViolation).recoverWithItem(() -> {
                    LOG.info("Another replica made the next signing key first; using it");
                    return kid;
                });
    }

    private static boolean open(LoadedKey key, Instant now) {
        return key.verifiesUntil().map(until -> until.isAfter(now)).orElse(true);
    }

    private LoadedKey decode(SigningKey stored, Optional<Instant> verifiesUntil) {
        try {
            KeyFactory factory = KeyFactory.getInstance("RSA");
            PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(stored.publicKey)));
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(encryption.decrypt(stored.kid, stored.encryptedPrivateKey)));
            return new LoadedKey(stored.kid, stored.generation, publicKey, privateKey, stored.signsFrom.toInstant(), verifiesUntil);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The stored signing key " + stored.kid + " cannot be read", e);
        }
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

    /** RFC 7638: the SHA-256 thumbprint of the public JWK, base64url. */
    static String thumbprint(PublicKey key) {
        return new RsaJsonWebKey((RSAPublicKey) key).calculateBase64urlEncodedThumbprint("SHA-256");
    }
}
