package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.platform.identity.CertificateAuthority;
import dev.octet.platform.identity.DevelopmentAuthority;
import dev.octet.platform.identity.IssuedIdentity;
import dev.octet.platform.identity.Pem;
import dev.octet.platform.identity.ServiceId;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The development service identities of compose and the local Kubernetes overlay: each is what its folder
 * says, issued by the development authority that every service refuses outside development, valid for a
 * year at least; and compose gives each service that calls or is called its own.
 */
class DevelopmentIdentityTest {

    private static final Repository REPOSITORY = Repository.current();
    private static final Path FOLDER = REPOSITORY.resolve("infra/identity/development");
    private static final Map<String, ServiceId> IDENTITIES = Map.of(
            "gateway", ServiceId.of("gateway"),
            "chunk-1", ServiceId.of("chunk-server", "chunk-1"),
            "chunk-2", ServiceId.of("chunk-server", "chunk-2"),
            "chunk-3", ServiceId.of("chunk-server", "chunk-3"),
            "chunk-server", ServiceId.of("chunk-server"));

    private static X509Certificate authority() {
        return Pem.readCertificates(FOLDER.resolve(CertificateAuthority.CERTIFICATE_FILE)).get(0);
    }

    @Test
    void theServicesKnowTheDevelopmentAuthorityAndRefuseItOutsideDevelopment() {
        assertThat(DevelopmentAuthority.sha256(authority())).isEqualTo(DevelopmentAuthority.SHA256);
        assertThatThrownBy(() -> DevelopmentAuthority.refuse(List.of(authority()), false))
                .hasMessageContaining("trusts the repository's development authority")
                .hasMessageContaining("OCTET_DEVELOPMENT_SECRETS_ALLOWED");
        DevelopmentAuthority.refuse(List.of(authority()), true);
        DevelopmentAuthority.refuse(
                List.of(CertificateAuthority.create("an operator's own", Duration.ofDays(1), Instant.now()).certificate()), false);
    }

    @Test
    void eachIdentityIsWhatItsFolderSaysFromTheDevelopmentAuthorityForAYearAtLeast() throws Exception {
        Instant aYearFromNow = Instant.now().plus(Duration.ofDays(365));
        assertThat(authority().getNotAfter().toInstant()).isAfter(aYearFromNow);
        for (Map.Entry<String, ServiceId> expected : IDENTITIES.entrySet()) {
            Path folder = FOLDER.resolve(expected.getKey());
            X509Certificate certificate = Pem.readCertificates(folder.resolve(IssuedIdentity.CERTIFICATE)).get(0);
            assertThat(ServiceId.of(certificate)).as(folder.toString()).contains(expected.getValue());
            certificate.verify(authority().getPublicKey());
            assertThat(certificate.getNotAfter().toInstant()).as(folder + " expires: renew it (its README)").isAfter(aYearFromNow);
            assertThat(Pem.readCertificates(folder.resolve(IssuedIdentity.TRUST_ANCHORS))).containsExactly(authority());
            assertThat(Pem.readPrivateKey(folder.resolve(IssuedIdentity.KEY))).isNotNull();
        }
        assertThat(Pem.readCertificates(FOLDER.resolve("metadata-service").resolve(IssuedIdentity.TRUST_ANCHORS)))
                .containsExactly(authority());
    }

    @Test
    void composeGivesEachServiceItsOwnIdentityAndEachChunkServerTheOneOfItsId() {
        ComposeFile compose = ComposeFile.load(REPOSITORY.root());
        Map<String, String> expected = Map.of("gateway", "gateway", "metadata-service", "metadata-service",
                "chunk-server-1", "chunk-1", "chunk-server-2", "chunk-2", "chunk-server-3", "chunk-3");
        expected.forEach((service, folder) -> {
            ComposeFile.Service container = compose.service(service).orElseThrow();
            assertThat(container.environment()).as(service).containsEntry("OCTET_IDENTITY_FOLDER", "/etc/octet/identity");
            assertThat(container.node().path("volumes").toString()).as(service)
                    .contains(FOLDER.resolve(folder).toString()).contains("/etc/octet/identity");
            if (service.startsWith("chunk-server-")) {
                assertThat(container.environment()).containsEntry("OCTET_CHUNK_SERVER_ID", folder);
            }
        });
    }
}
