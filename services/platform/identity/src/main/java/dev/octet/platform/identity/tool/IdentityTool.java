package dev.octet.platform.identity.tool;

import dev.octet.platform.identity.CertificateAuthority;
import dev.octet.platform.identity.IssuedIdentity;
import dev.octet.platform.identity.Pem;
import dev.octet.platform.identity.ServiceId;
import dev.octet.platform.identity.TokenSigner;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./octet identity authority <folder>} makes a certificate authority; {@code ./octet identity issue
 * <authority folder> <out folder> <service[/instance]>...} issues each service a key and certificate into
 * {@code <out folder>/<service or instance>/} (tls.crt, tls.key, ca.crt). This is how the development
 * identities of docker-compose.yml and the local Kubernetes overlay were made, and how an operator without
 * cert-manager makes production's. {@code ./octet identity token <identity folder> <service>} prints a token of
 * that identity for calls to {@code service}, for a tool that calls an internal API as that service would
 * (the file system benchmark, talking to chunk servers as the gateway does).
 */
public final class IdentityTool {

    static final Duration AUTHORITY_VALIDITY = Duration.ofDays(3650);
    static final Duration IDENTITY_VALIDITY = Duration.ofDays(365);
    /** The longest a service accepts (octet.identity.max-token-lifetime). */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private IdentityTool() {
    }

    public static void main(String[] args) {
        int status = run(List.of(args), System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> operands = new ArrayList<>();
        Duration validity = null;
        String name = "Octet service authority";
        try {
            for (int i = 0; i < args.size(); i++) {
                switch (args.get(i)) {
                    case "--validity" -> validity = Duration.parse(args.get(++i));
                    case "--name" -> name = args.get(++i);
                    default -> operands.add(args.get(i));
                }
            }
            if (operands.size() == 2 && operands.get(0).equals("authority")) {
                Path folder = Path.of(operands.get(1));
                if (CertificateAuthority.existsIn(folder)) {
                    err.println(folder + " already holds an authority; it is kept.");
                    return 1;
                }
                CertificateAuthority.create(name, validity == null ? AUTHORITY_VALIDITY : validity, Instant.now()).writeTo(folder);
                out.println("Made the authority " + name + " in " + folder);
                return 0;
            }
            if (operands.size() == 3 && operands.get(0).equals("token")) {
                Path folder = Path.of(operands.get(1));
                List<X509Certificate> chain = Pem.readCertificates(folder.resolve(IssuedIdentity.CERTIFICATE));
                ServiceId id = ServiceId.of(chain.get(0)).orElseThrow(() -> new IllegalArgumentException(
                        folder.resolve(IssuedIdentity.CERTIFICATE) + " names no Octet service"));
                TokenSigner signer = new TokenSigner(id, chain, Pem.readPrivateKey(folder.resolve(IssuedIdentity.KEY)),
                        validity == null ? TOKEN_LIFETIME : validity, Clock.systemUTC());
                out.println(signer.token(operands.get(2)));
                return 0;
            }
            if (operands.size() >= 4 && operands.get(0).equals("issue")) {
                CertificateAuthority authority = CertificateAuthority.load(Path.of(operands.get(1)));
                Path target = Path.of(operands.get(2));
                for (String text : operands.subList(3, operands.size())) {
                    ServiceId id = ServiceId.parse(text);
                    IssuedIdentity identity = authority.issue(id, validity == null ? IDENTITY_VALIDITY : validity, Instant.now());
                    Path folder = target.resolve(id.instance().orElse(id.service()));
                    identity.writeTo(folder);
                    out.println("Issued " + id.uri() + " into " + folder + " (until " + identity.certificate().getNotAfter().toInstant() + ")");
                }
                return 0;
            }
        } catch (UncheckedIOException e) {
            err.println(e.getMessage() + ": " + e.getCause().getMessage());
            return 1;
        } catch (IndexOutOfBoundsException | DateTimeParseException | IllegalArgumentException e) {
            err.println(e.getMessage());
        }
        err.println("""
                Usage: ./octet identity authority <folder> [--name NAME] [--validity P3650D]
                       ./octet identity issue <authority folder> <out folder> <service[/instance]>... [--validity P365D]
                       ./octet identity token <identity folder> <audience service> [--validity PT15M]""");
        return 2;
    }
}
