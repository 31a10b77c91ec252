package dev.octet.platform.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** Certificates and private keys in PEM files, the form cert-manager, openssl and Kubernetes Secrets use. */
public final class Pem {

    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";

    private Pem() {
    }

    /** Every certificate in the file, in order (a chain starts with its leaf). */
    public static List<X509Certificate> readCertificates(Path file) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate : factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(file + " holds no certificate");
            }
            return certificates;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the certificates in " + file, e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + " holds no readable X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** A PKCS #8 private key ({@code BEGIN PRIVATE KEY}); Ed25519 is what the authority issues. */
    public static PrivateKey readPrivateKey(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            int begin = text.indexOf(KEY_BEGIN);
            int end = text.indexOf(KEY_END);
            if (begin < 0 || end < begin) {
                throw new IllegalArgumentException(file + " holds no PKCS #8 private key (" + KEY_BEGIN + ")");
            }
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
            return KeyFactory.getInstance(CertificateAuthority.KEY_ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the private key in " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " holds no " + CertificateAuthority.KEY_ALGORITHM + " private key: "
                    + e.getMessage(), e);
        }
    }

    public static void writeCertificates(Path file, List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        try {
            for (X509Certificate certificate : certificates) {
                text.append(block("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("Cannot encode a certificate", e);
        }
        write(file, text.toString(), false);
    }

    /** Written readable by its owner only, where the file system has POSIX permissions. */
    public static void writePrivateKey(Path file, PrivateKey key) {
        write(file, block("PRIVATE KEY", key.getEncoded()), true);
    }

    private static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String text, boolean secret) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
            }
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
