package dev.octet.platform.identity.tool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.platform.identity.Pem;
import dev.octet.platform.identity.ServiceId;
import dev.octet.platform.identity.TokenVerifier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityToolTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return IdentityTool.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void makesAnAuthorityIssuesFromItAndSignsATokenThatTheServiceAccepts() throws Exception {
        Path authority = folder.resolve("authority");
        Path identities = folder.resolve("identities");

        assertThat(run("authority", authority.toString(), "--name", "Test authority")).isZero();
        assertThat(run("authority", authority.toString())).as("an authority is never overwritten").isEqualTo(1);
        assertThat(err.toString()).contains("already holds an authority");
        assertThat(run("issue", authority.toString(), identities.toString(), "gateway", "chunk-server/chunk-1")).isZero();
        assertThat(out.toString()).contains("spiffe://octet/gateway", "spiffe://octet/chunk-server/chunk-1");
        assertThat(run("token", identities.resolve("gateway").toString(), "chunk-server")).isZero();

        TokenVerifier chunkServer = new TokenVerifier("chunk-server", Pem.readCertificates(authority.resolve("ca.crt")),
                Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofMinutes(15));
        assertThat(chunkServer.verify(out.toString().strip())).isEqualTo(ServiceId.of("gateway"));
    }

    @Test
    void badArgumentsAreAnsweredWithTheUsage() {
        assertThat(run("issue", "only-one-folder")).isEqualTo(2);
        assertThat(err.toString()).contains("Usage: ./octet identity authority");
        assertThat(run("authority", folder.toString(), "--validity", "ten years")).isEqualTo(2);
        assertThat(run("issue", folder.resolve("nowhere").toString(), folder.toString(), "gateway")).isEqualTo(1);
        assertThat(err.toString()).contains("nowhere");
        assertThat(run("authority", folder.resolve("authority").toString())).isZero();
        assertThat(run("issue", folder.resolve("authority").toString(), folder.toString(), "Not A Name")).isEqualTo(2);
    }
}
