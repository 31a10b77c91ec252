package dev.octet.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.local.Ports;
import dev.octet.testing.TestTokens;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Token checks as the gateway runs them in production: the keys fetched as a JWKS over HTTP from a
 * server standing in for user-service, and what happens while that server is not there.
 */
class TokenVerifierTest {

    private final Vertx vertx = Vertx.vertx();
    private final int port = Ports.free();
    private HttpServer jwksServer;

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void acceptsTokensSignedWithAPublishedKeyAndRefusesOthers() throws Exception {
        servePublishedKeys();
        TokenVerifier verifier = verifier();
        UUID user = UUID.randomUUID();

        assertThat(check(verifier, TestTokens.bearer(user)).outcome()).isEqualTo(TokenCheck.Outcome.VALID);
        assertThat(check(verifier, TestTokens.bearerSignedByStranger(user)).outcome()).isEqualTo(TokenCheck.Outcome.REFUSED);
        TokenCheck expired = check(verifier, "Bearer " + TestTokens.token(user, "a@example.test", Duration.ofSeconds(-120)));
        assertThat(expired.outcome()).isEqualTo(TokenCheck.Outcome.REFUSED);
        assertThat(expired.detail()).contains("expired");
        assertThat(check(verifier, null).outcome()).isEqualTo(TokenCheck.Outcome.REFUSED);
        assertThat(check(verifier, "Bearer ").outcome()).isEqualTo(TokenCheck.Outcome.REFUSED);
    }

    @Test
    void unreachableKeysAreNotTheClientsFaultAndTheyAreFetchedOnceBack() throws Exception {
        TokenVerifier verifier = verifier();
        String bearer = TestTokens.bearer(UUID.randomUUID());

        TokenCheck whileDown = check(verifier, bearer);
        assertThat(whileDown.outcome()).isEqualTo(TokenCheck.Outcome.KEYS_UNAVAILABLE);
        assertThat(whileDown.detail()).contains("user-service");

        servePublishedKeys();
        assertThat(check(verifier, bearer).outcome()).isEqualTo(TokenCheck.Outcome.VALID);
    }

    private TokenVerifier verifier() {
        return new TokenVerifier(new DefaultJWTParser(new JWTAuthContextInfo(
                "http://127.0.0.1:" + port + "/.well-known/jwks.json", TestTokens.ISSUER)), vertx);
    }

    private static TokenCheck check(TokenVerifier verifier, String authorization) throws Exception {
        return verifier.check(authorization).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Serves the test key pair's public half as user-service does: a JWKS with key id "test-key". */
    private void servePublishedKeys() throws Exception {
        String pem = Files.readString(TestTokens.publicKeyFile());
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(der)));
        jwk.setKeyId("test-key");
        jwk.setAlgorithm("RS256");
        jwk.setUse("sig");
        String jwks = JsonUtil.toJson(Map.of("keys", List.of(jwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
        jwksServer = vertx.createHttpServer()
                .requestHandler(request -> request.response().putHeader("content-type", "application/json").end(jwks))
                .listen(port, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
