package dev.octet.router.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** PostgreSQL's md5 password scheme: "md5" + md5hex(md5hex(password + user) + salt). */
public final class Md5Password {

    private Md5Password() {
    }

    /** The stored form, "md5" + md5hex(password + user). */
    public static String stored(String user, String password) {
        return "md5" + md5Hex((password + user).getBytes(StandardCharsets.UTF_8));
    }

    /** What the client sends for {@code stored} and {@code salt}. */
    public static String response(String stored, byte[] salt) {
        byte[] hash = stored.substring(3).getBytes(StandardCharsets.US_ASCII);
        byte[] salted = new byte[hash.length + salt.length];
        System.arraycopy(hash, 0, salted, 0, hash.length);
        System.arraycopy(salt, 0, salted, hash.length, salt.length);
        return "md5" + md5Hex(salted);
    }

    private static String md5Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }
}
