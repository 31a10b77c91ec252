package dev.octet.router.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Both ends of SCRAM-SHA-256 against each other, and a wrong password. */
class ScramTest {

    @Test
    void theRightPasswordIsAcceptedAndTheServerProvesItself() {
        ScramServerExchange server = new ScramServerExchange(Scram.Verifier.fromPassword("pencil"));
        ScramClientExchange client = new ScramClientExchange("pencil");
        String serverFirst = server.serverFirst(client.clientFirst());
        String serverFinal = server.verifyClientFinal(client.clientFinal(serverFirst));
        assertThat(serverFinal).startsWith("v=");
        assertThat(client.verifyServerFinal(serverFinal)).isTrue();
    }

    @Test
    void aWrongPasswordFailsAtTheProof() {
        ScramServerExchange server = new ScramServerExchange(Scram.Verifier.fromPassword("pencil"));
        ScramClientExchange client = new ScramClientExchange("crayon");
        String serverFirst = server.serverFirst(client.clientFirst());
        assertThat(server.verifyClientFinal(client.clientFinal(serverFirst))).isNull();
    }

    @Test
    void md5FollowsPostgresFormula() {
        // PostgreSQL stores "md5" + md5(password + user): for octet/octet that is md5("octetocteto").
        assertThat(Md5Password.stored("octet", "octet")).isEqualTo("md5" + java.util.HexFormat.of().formatHex(
                md5("octetoctet".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    private static byte[] md5(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("MD5").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
