package dev.octet.router.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** The client side of SCRAM-SHA-256, used when the router logs in to a shard. */
public final class ScramClientExchange {

    private final String password;
    private final String clientNonce = Scram.nonce();
    private String clientFirstBare;
    private byte[] serverKey;
    private String authMessage;

    public ScramClientExchange(String password) {
        this.password = password;
    }

    public String clientFirst() {
        clientFirstBare = "n=,r=" + clientNonce;
        return "n,," + clientFirstBare;
    }

    public String clientFinal(String serverFirst) {
        String nonce = Scram.attribute(serverFirst, 'r');
        String salt = Scram.attribute(serverFirst, 's');
        String iterations = Scram.attribute(serverFirst, 'i');
        if (nonce == null || salt == null || iterations == null || !nonce.startsWith(clientNonce)) {
            throw new IllegalStateException("Invalid SCRAM server-first-message from the shard");
        }
        byte[] salted = Scram.saltedPassword(password, Base64.getDecoder().decode(salt), Integer.parseInt(iterations));
        byte[] clientKey = Scram.hmac(salted, "Client Key");
        serverKey = Scram.hmac(salted, "Server Key");
        String withoutProof = "c=biws,r=" + nonce;
        authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] signature = Scram.hmac(Scram.sha256(clientKey), authMessage);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(Scram.xor(clientKey, signature));
    }

    /** True if the server proved it knows the password too. */
    public boolean verifyServerFinal(String serverFinal) {
        String signature = Scram.attribute(serverFinal, 'v');
        return signature != null && MessageDigest.isEqual(Base64.getDecoder().decode(signature),
                Scram.hmac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8)));
    }
}
