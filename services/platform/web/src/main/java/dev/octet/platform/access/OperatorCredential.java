package dev.octet.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * The operator's credential: HTTP Basic, user {@value #USER}, password {@code octet.operator.password}, what
 * curl and a browser send. Compared in constant time: the time taken tells nothing about how much matched.
 */
final class OperatorCredential {

    static final String USER = "operator";
    static final String PASSWORD = "octet.operator.password";

    private final byte[] expected;

    OperatorCredential(String password) {
        this.expected = (USER + ":" + password).getBytes(StandardCharsets.UTF_8);
    }

    static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /** Why {@code authorization} is not the operator's credential, or empty if it is. */
    Optional<String> refusal(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.of("No credentials were sent");
        }
        if (!isBasic(authorization)) {
            return Optional.of("The credentials are not HTTP Basic");
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return Optional.of("The credentials are not Base64");
        }
        return MessageDigest.isEqual(given, expected) ? Optional.empty() : Optional.of("The user or password is wrong");
    }
}
