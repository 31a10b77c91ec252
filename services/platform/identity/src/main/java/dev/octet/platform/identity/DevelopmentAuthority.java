package dev.octet.platform.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;

/**
 * The repository's development authority ({@code infra/identity/development}), which issued the identities
 * of docker-compose.yml and the local Kubernetes overlay. Its key is in the repository, so a service refuses
 * to trust it unless development secrets are allowed ({@code octet.development-secrets.allowed}).
 */
public final class DevelopmentAuthority {

    /** SHA-256 of the development authority's certificate ({@code infra/identity/development/ca.crt}). */
    public static final String SHA256 = "99855908e435a1057d039ffa7bb64d04ad62f9e1f538beda41fcaa6cc8319378";

    private DevelopmentAuthority() {
    }

    /** Refuses trust anchors that include the development authority, unless development is allowed. */
    public static void refuse(List<X509Certificate> anchors, boolean developmentAllowed) {
        if (developmentAllowed) {
            return;
        }
        for (X509Certificate anchor : anchors) {
            if (SHA256.equals(sha256(anchor))) {
                throw new IllegalStateException("Refusing to start: octet.identity.folder trusts the repository's development "
                        + "authority, whose key anyone who has read the repository has. Issue identities from an authority "
                        + "of your own (see k8s/overlays/production/SECRETS.md); on a development machine only, set "
                        + "OCTET_DEVELOPMENT_SECRETS_ALLOWED=true.");
            }
        }
    }

    /** The SHA-256 fingerprint of a certificate, in lower-case hex. */
    public static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot fingerprint a certificate", e);
        }
    }
}
