package dev.octet.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityFilesTest {

    @TempDir
    Path folder;

    @Test
    void anAuthorityAndAnIdentityWrittenToFilesAreReadBackAndStillVerify() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority.create("files authority", Duration.ofDays(1), now).writeTo(folder.resolve("authority"));
        CertificateAuthority authority = CertificateAuthority.load(folder.resolve("authority"));
        authority.issue(ServiceId.of("gateway"), Duration.ofDays(1), now).writeTo(folder.resolve("gateway"));

        Path gateway = folder.resolve("gateway");
        List<java.security.cert.X509Certificate> chain = Pem.readCertificates(gateway.resolve(IssuedIdentity.CERTIFICATE));
        TokenSigner signer = new TokenSigner(ServiceId.of(chain.get(0)).orElseThrow(), chain,
                Pem.readPrivateKey(gateway.resolve(IssuedIdentity.KEY)), Duration.ofMinutes(5), Clock.systemUTC());
        TokenVerifier verifier = new TokenVerifier("chunk-server", Pem.readCertificates(gateway.resolve(IssuedIdentity.TRUST_ANCHORS)),
                Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofMinutes(15));

        assertThat(verifier.verify(signer.token("chunk-server"))).isEqualTo(ServiceId.of("gateway"));
        assertThat(Files.getPosixFilePermissions(gateway.resolve(IssuedIdentity.KEY)))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        assertThat(Files.getPosixFilePermissions(folder.resolve("authority").resolve(CertificateAuthority.KEY_FILE)))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
}
