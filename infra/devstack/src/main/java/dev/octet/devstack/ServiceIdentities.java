package dev.octet.devstack;

import dev.octet.platform.identity.CertificateAuthority;
import dev.octet.platform.identity.IssuedIdentity;
import dev.octet.platform.identity.Pem;
import dev.octet.platform.identity.ServiceId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The devstack's service identities. A certificate authority of this machine's own is made at the first
 * start ({@code .octet/secrets/identity/authority}, its key readable by its owner only), and each start issues
 * every service that calls another a fresh key and a certificate for {@value #IDENTITY_DAYS} days into
 * {@code .octet/secrets/identity/<component>}, which the service reads as {@code OCTET_IDENTITY_FOLDER}. A
 * service that is only called gets the authority's certificate alone.
 */
final class ServiceIdentities {

    static final int IDENTITY_DAYS = 30;
    private static final Duration AUTHORITY_VALIDITY = Duration.ofDays(3650);

    private final Path folder;
    private CertificateAuthority authority;

    ServiceIdentities(Path home) {
        this.folder = home.resolve("secrets").resolve("identity");
    }

    /** A new key and certificate for {@code id}, in the folder of {@code component}, which is returned. */
    synchronized Path issue(String component, ServiceId id) {
        Path target = folder.resolve(component);
        authority().issue(id, Duration.ofDays(IDENTITY_DAYS), Instant.now()).writeTo(target);
        return target;
    }

    /** A folder holding only the authority's certificate, for a service no other calls it as. */
    synchronized Path trustOnly(String component) {
        Path target = folder.resolve(component);
        Pem.writeCertificates(target.resolve(IssuedIdentity.TRUST_ANCHORS), List.of(authority().certificate()));
        return target;
    }

    private CertificateAuthority authority() {
        if (authority == null) {
            Path home = folder.resolve("authority");
            if (!CertificateAuthority.existsIn(home)) {
                CertificateAuthority.create("Octet devstack authority", AUTHORITY_VALIDITY, Instant.now()).writeTo(home);
            }
            authority = CertificateAuthority.load(home);
        }
        return authority;
    }
}
