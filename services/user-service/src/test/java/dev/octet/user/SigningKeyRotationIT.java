package dev.octet.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.platform.secrets.DevelopmentSecrets;
import dev.octet.testing.PostgresResource;
import dev.octet.user.service.KeyEncryption;
import dev.octet.user.service.SigningKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.security.KeyFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

/** Token signing keys rotate: old tokens keep working until their key's time is over; keys are encrypted at rest. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class SigningKeyRotationIT {

    @Inject
    SigningKeys keys;

    @Test
    void afterARotationNewTokensUseTheNewKeyAndOldOnesVerifyUntilTheirKeyIsRetired() throws Throwable {
        String email = "rotation-" + UUID.randomUUID() + "@example.test";
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "rotation password", "name", "Rot"))
                .post("/users").then().statusCode(201);
        String before = login(email);
        String oldKid = kid(before);

        // The operator rotates; nobody else may.
        List<String> storedBefore = storedKids();
        given().post("/admin/signing-keys/rotations").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"));
        given().auth().oauth2(before).post("/admin/signing-keys/rotations").then().statusCode(401);
        given().auth().preemptive().basic("operator", "wrong").post("/admin/signing-keys/rotations").then().statusCode(401);
        assertThat(storedKids()).containsExactlyInAnyOrderElementsOf(storedBefore);
        String nextKid = given().auth().preemptive().basic("operator", "octet-operator").post("/admin/signing-keys/rotations")
                .then().statusCode(201).extract().path("kid");
        SigningKeys.LoadedKey next = VertxContextSupport.subscribeAndAwait(() -> keys.rotate());
        assertThat(next.kid()).as("a second rotation makes another key still").isNotEqualTo(nextKid);
        assertThat(publishedKids()).contains(nextKid);
        String after = login(email);

        assertThat(next.kid()).isNotEqualTo(oldKid);
        assertThat(kid(after)).isEqualTo(next.kid());
        assertThat(publishedKids()).contains(oldKid, next.kid());
        // The kid is the key's RFC 7638 thumbprint, as the JWKS publishes it.
        JsonWebKey published = new JsonWebKeySet(jwks()).findJsonWebKey(next.kid(), null, null, null);
        assertThat(published.calculateBase64urlEncodedThumbprint("SHA-256")).isEqualTo(next.kid());
        given().auth().oauth2(before).get("/users/me").then().statusCode(200);
        given().auth().oauth2(after).get("/users/me").then().statusCode(200);

        // Time passes: the new key has signed for longer than a token lives, so nothing the old key signed is valid.
        Duration lifetime = ConfigProvider.getConfig().getValue("octet.jwt.lifetime", Duration.class);
        execute("update signing_key set signs_from = ? where kid = ?",
                Timestamp.from(Instant.now().minus(lifetime).minus(Duration.ofMinutes(3))), next.kid());
        VertxContextSupport.subscribeAndAwait(() -> keys.maintain());
        VertxContextSupport.subscribeAndAwait(() -> keys.maintain());

        assertThat(publishedKids()).contains(next.kid()).doesNotContain(oldKid);
        assertThat(storedKids()).doesNotContain(oldKid);
        given().auth().oauth2(before).get("/users/me").then().statusCode(401);
        given().auth().oauth2(after).get("/users/me").then().statusCode(200);
    }

    @Test
    void privateKeysAreStoredEncryptedUnderTheConfiguredKey() throws Exception {
        String kid = keys.signing().kid();
        String stored = storedPrivateKey(kid);

        assertThatThrownBy(() -> KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(stored))))
                .isInstanceOf(InvalidKeySpecException.class);
        KeyEncryption configured = new KeyEncryption(DevelopmentSecrets.DEVELOPMENT_KEY_ENCRYPTION_KEY);
        assertThat(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(configured.decrypt(kid, stored))))
                .isEqualTo(keys.signing().privateKey());
        KeyEncryption another = new KeyEncryption(Base64.getEncoder().encodeToString(new byte[32]));
        assertThatThrownBy(() -> another.decrypt(kid, stored)).hasMessageContaining("cannot be decrypted");
        // The key id is bound to the ciphertext: a stored key moved onto another id does not decrypt.
        assertThatThrownBy(() -> configured.decrypt("another-kid", stored)).hasMessageContaining("cannot be decrypted");
    }

    private static String login(String email) {
        return given().contentType(ContentType.JSON).body(Map.of("email", email, "password", "rotation password"))
                .post("/users/login").then().statusCode(200).extract().path("accessToken");
    }

    private static String kid(String token) throws Exception {
        JsonWebSignature signature = new JsonWebSignature();
        signature.setCompactSerialization(token);
        return signature.getKeyIdHeaderValue();
    }

    private static String jwks() {
        return given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
    }

    private static List<String> publishedKids() throws Exception {
        return new JsonWebKeySet(jwks()).getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList();
    }

    private static List<String> storedKids() throws Exception {
        try (Connection connection = connect(); ResultSet rows = connection.createStatement().executeQuery("select kid from signing_key")) {
            List<String> kids = new java.util.ArrayList<>();
            while (rows.next()) {
                kids.add(rows.getString(1));
            }
            return kids;
        }
    }

    private static String storedPrivateKey(String kid) throws Exception {
        try (Connection connection = connect();
             PreparedStatement query = connection.prepareStatement("select encrypted_private_key from signing_key where kid = ?")) {
            query.setString(1, kid);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("a stored key " + kid).isTrue();
                return rows.getString(1);
            }
        }
    }

    private static void execute(String sql, Object... parameters) throws Exception {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            assertThat(statement.executeUpdate()).isEqualTo(1);
        }
    }

    private static Connection connect() throws Exception {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
