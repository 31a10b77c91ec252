package dev.octet.user.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Encrypts the signing keys' private halves at rest: AES-256-GCM under the key-encryption key
 * {@code octet.jwt.key-encryption-key} (Base64 of 32 bytes), a fresh 12-byte IV each time, and the key's
 * id as associated data, so a stored key cannot be swapped onto another id unnoticed.
 */
@ApplicationScoped
public class KeyEncryption {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public KeyEncryption(@ConfigProperty(name = "octet.jwt.key-encryption-key") String encoded) {
        this.key = new SecretKeySpec(decodeKey(encoded), "AES");
    }

    public String encrypt(String kid, byte[] plain) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, kid, iv).doFinal(plain);
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt the signing key " + kid, e);
        }
    }

    public byte[] decrypt(String kid, String stored) {
        byte[] bytes = Base64.getDecoder().decode(stored);
        try {
            return cipher(Cipher.DECRYPT_MODE, kid, java.util.Arrays.copyOf(bytes, IV_BYTES))
                    .doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The signing key " + kid + " cannot be decrypted: was it encrypted under "
                    + "another octet.jwt.key-encryption-key?", e);
        }
    }

    private Cipher cipher(int mode, String kid, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static byte[] decodeKey(String encoded) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(encoded.strip());
        } catch (IllegalArgumentException e) {
            bytes = new byte[0];
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("octet.jwt.key-encryption-key (OCTET_JWT_KEY_ENCRYPTION_KEY) must be the Base64 of "
                    + "32 random bytes, e.g. the output of: openssl rand -base64 32");
        }
        return bytes;
    }
}
