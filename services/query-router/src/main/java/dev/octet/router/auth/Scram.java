package dev.octet.router.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** The SCRAM-SHA-256 primitives (RFC 5802, RFC 7677) both ends of the exchange use. */
public final class Scram {

    public static final String MECHANISM = "SCRAM-SHA-256";
    public static final int DEFAULT_ITERATIONS = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Scram() {
    }

    /** What a server stores for a user: never the password itself. */
    public record Verifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

        public static Verifier fromPassword(String password) {
            byte[] salt = randomBytes(16);
            byte[] salted = saltedPassword(password, salt, DEFAULT_ITERATIONS);
            byte[] clientKey = hmac(salted, "Client Key");
            return new Verifier(salt, DEFAULT_ITERATIONS, sha256(clientKey), hmac(salted, "Server Key"));
        }

        /** Parses PostgreSQL's stored form {@code SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>}. */
        public static Verifier parse(String stored) {
            String[] parts = stored.split("[$:]");
            if (parts.length != 5 || !parts[0].equals(MECHANISM)) {
                throw new IllegalArgumentException("Not a SCRAM-SHA-256 verifier");
            }
            Base64.Decoder base64 = Base64.getDecoder();
            return new Verifier(base64.decode(parts[2]), Integer.parseInt(parts[1]), base64.decode(parts[3]),
                    base64.decode(parts[4]));
        }
    }

    public static byte[] saltedPassword(String password, byte[] salt, int iterations) {
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return factory.generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    public static byte[] hmac(byte[] key, String message) {
        return hmac(key, message.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    public static byte[] xor(byte[] a, byte[] b) {
        byte[] result = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            result[i] = (byte) (a[i] ^ b[i]);
        }
        return result;
    }

    public static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public static String nonce() {
        return Base64.getEncoder().withoutPadding().encodeToString(randomBytes(18));
    }

    /** The value of attribute {@code name} ("r", "s", ...) in a comma-separated SCRAM message. */
    static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return null;
    }
}
