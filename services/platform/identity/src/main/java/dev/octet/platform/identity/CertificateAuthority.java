package dev.octet.platform.identity;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The project's certificate authority: a self-signed Ed25519 certificate and its key, which issue each
 * service a certificate naming it ({@link ServiceId} as a URI subject alternative name). Built with
 * BouncyCastle; what it issues is checked with the JDK alone.
 */
public final class CertificateAuthority {

    public static final String KEY_ALGORITHM = "Ed25519";
    public static final String CERTIFICATE_FILE = "ca.crt";
    public static final String KEY_FILE = "ca.key";
    /** Certificates start a little in the past, so that a clock slightly behind the issuer's accepts them at once. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** A new authority named {@code CN=<name>}, valid from now for {@code validity}. */
    public static CertificateAuthority create(String name, Duration validity, Instant now) {
        KeyPair pair = newKeyPair();
        X500Name subject = new X500Name("CN=" + name);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(subject, subject, pair.getPublic(), validity, now)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertificateAuthority(sign(builder, pair.getPrivate()), pair.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot create the certificate authority " + name, e);
        }
    }

    /** The authority kept in {@code folder} ({@value #CERTIFICATE_FILE}, {@value #KEY_FILE}). */
    public static CertificateAuthority load(Path folder) {
        return new CertificateAuthority(Pem.readCertificates(folder.resolve(CERTIFICATE_FILE)).get(0),
                Pem.readPrivateKey(folder.resolve(KEY_FILE)));
    }

    public static boolean existsIn(Path folder) {
        return Files.isRegularFile(folder.resolve(CERTIFICATE_FILE)) && Files.isRegularFile(folder.resolve(KEY_FILE));
    }

    public void writeTo(Path folder) {
        Pem.writeCertificates(folder.resolve(CERTIFICATE_FILE), List.of(certificate));
        Pem.writePrivateKey(folder.resolve(KEY_FILE), key);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A new key pair for {@code id} and its certificate, valid from now for {@code validity}. */
    public IssuedIdentity issue(ServiceId id, Duration validity, Instant now) {
        KeyPair pair = newKeyPair();
        return new IssuedIdentity(id, List.of(certify(id, pair.getPublic(), validity, now)), pair.getPrivate(), certificate);
    }

    /**
     * A certificate for {@code id}'s public key: for signing (its tokens) and, should the services ever
     * speak TLS to each other, for both ends of a connection. It can issue nothing.
     */
    public X509Certificate certify(ServiceId id, PublicKey publicKey, Duration validity, Instant now) {
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    new X500Name("CN=" + id), publicKey, validity, now)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_serverAuth}))
                    .addExtension(Extension.subjectAlternativeName, true, new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, id.uri().toString())))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(certificate));
            return sign(builder, key);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("Cannot issue a certificate for " + id, e);
        }
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey publicKey,
                                                       Duration validity, Instant now) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, publicKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(KEY_ALGORITHM).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("No " + KEY_ALGORITHM + " signer", e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            return KeyPairGenerator.getInstance(KEY_ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK has no " + KEY_ALGORITHM, e);
        }
    }
}
