package dev.octet.gateway.service;

import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.jboss.logging.Logger;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Verifies bearer tokens with smallrye-jwt (signature against user-service's published keys, issuer,
 * expiry), on a worker thread: the first verification, and any with an unknown key id, fetches the JWKS.
 */
@Singleton
public class TokenVerifier {

    private static final Logger LOG = Logger.getLogger(TokenVerifier.class);
    private static final String BEARER = "Bearer ";
    private static final String LOG_IN = "Log in at POST /api/users/login and send 'Authorization: Bearer <token>'.";

    private final JWTParser parser;
    private final Vertx vertx;

    TokenVerifier(JWTParser parser, Vertx vertx) {
        this.parser = parser;
        this.vertx = vertx;
    }

    public Future<TokenCheck> check(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Future.succeededFuture(TokenCheck.refused("This request needs a bearer token. " + LOG_IN));
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.substring(BEARER.length()).isBlank()) {
            return Future.succeededFuture(TokenCheck.refused("The Authorization header is not a bearer token. " + LOG_IN));
        }
        String token = authorization.substring(BEARER.length()).trim();
        return vertx.executeBlocking(() -> verify(token), false);
    }

    TokenCheck verify(String token) {
        try {
            parser.parse(token);
            return TokenCheck.valid();
        } catch (ParseException e) {
            if (causedBy(e, IOException.class)) {
                LOG.warnf("Cannot fetch the token verification keys: %s", rootMessage(e));
                return TokenCheck.keysUnavailable("The keys to verify tokens with cannot be fetched from user-service "
                        + "right now; try again shortly.");
            }
            InvalidJwtException invalid = cause(e, InvalidJwtException.class);
            if (invalid != null && invalid.hasExpired()) {
                return TokenCheck.refused("The bearer token has expired. " + LOG_IN);
            }
            return TokenCheck.refused("The bearer token is not valid (" + rootMessage(e) + "). " + LOG_IN);
        }
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        return cause(error, type) != null;
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        // jose4j lists the whole token and its claims; the first sentence says what is wrong.
        int end = message.indexOf(". ");
        return end > 0 ? message.substring(0, end) : message;
    }
}
