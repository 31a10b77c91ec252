package dev.octet.platform.identity;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A service's identity as the authority issued it: its certificate chain (leaf first), its private key, and
 * the authority's certificate that others check it against. On disk it is a folder in the layout of a
 * Kubernetes TLS Secret as cert-manager writes it: {@value #CERTIFICATE}, {@value #KEY}, {@value #TRUST_ANCHORS}.
 */
public record IssuedIdentity(ServiceId id, List<X509Certificate> chain, PrivateKey key, X509Certificate authority) {

    public static final String CERTIFICATE = "tls.crt";
    public static final String KEY = "tls.key";
    public static final String TRUST_ANCHORS = "ca.crt";

    public IssuedIdentity {
        chain = List.copyOf(chain);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public void writeTo(Path folder) {
        Pem.writeCertificates(folder.resolve(CERTIFICATE), chain);
        Pem.writePrivateKey(folder.resolve(KEY), key);
        Pem.writeCertificates(folder.resolve(TRUST_ANCHORS), List.of(authority));
    }
}
