package dev.octet.router.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The server side of one SCRAM-SHA-256 exchange. An unknown user gets a made-up verifier, so the
 * exchange runs the same way and fails only at the proof, as PostgreSQL does.
 */
public final class ScramServerExchange {

    /** A malformed SASL message: a protocol violation, not a wrong password. */
    public static final class MalformedMessage extends RuntimeException {
        MalformedMessage(String message) {
            super(message);
        }
    }

    private final Scram.Verifier verifier;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;

    public ScramServerExchange(Scram.Verifier verifier) {
        this.verifier = verifier != null ? verifier : Scram.Verifier.fromPassword(Scram.nonce());
    }

    /** Takes the client-first-message, returns the server-first-message. */
    public String serverFirst(String clientFirst) {
        if (clientFirst.startsWith("p=")) {
            throw new MalformedMessage("channel binding is not supported");
        }
        if (!clientFirst.startsWith("n,") && !clientFirst.startsWith("y,")) {
            throw new MalformedMessage("malformed SCRAM message (invalid GS2 header)");
        }
        int bareStart = clientFirst.indexOf(',', 2);
        if (bareStart < 0) {
            throw new MalformedMessage("malformed SCRAM message (no client-first-message-bare)");
        }
        clientFirstBare = clientFirst.substring(bareStart + 1);
        String clientNonce = Scram.attribute(clientFirstBare, 'r');
        if (clientNonce == null || clientNonce.isEmpty()) {
            throw new MalformedMessage("malformed SCRAM message (no nonce)");
        }
        nonce = clientNonce + Scram.nonce();
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt()) + ",i="
                + verifier.iterations();
        return serverFirst;
    }

    /**
     * Checks the client-final-message. Returns the server-final-message when the proof is right,
     * or null when the password was wrong.
     */
    public String verifyClientFinal(String clientFinal) {
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (serverFirst == null || proofAt < 0) {
            throw new MalformedMessage("malformed SCRAM message (no proof)");
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        if (!nonce.equals(Scram.attribute(withoutProof, 'r'))) {
            throw new MalformedMessage("malformed SCRAM message (nonce does not match)");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessage("malformed SCRAM message (proof is not base64)");
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] authBytes = authMessage.getBytes(StandardCharsets.UTF_8);
        byte[] clientSignature = Scram.hmac(verifier.storedKey(), authBytes);
        if (proof.length != clientSignature.length) {
            return null;
        }
        byte[] clientKey = Scram.xor(proof, clientSignature);
        if (!MessageDigest.isEqual(Scram.sha256(clientKey), verifier.storedKey())) {
            return null;
        }
        return "v=" + Base64.getEncoder().encodeToString(Scram.hmac(verifier.serverKey(), authBytes));
    }
}
