package dev.octet.router.frontend;

import dev.octet.router.auth.Credentials;
import dev.octet.router.auth.Md5Password;
import dev.octet.router.auth.Scram;
import dev.octet.router.auth.ScramServerExchange;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.ProtocolViolation;
import dev.octet.router.protocol.ServerMessages;
import dev.octet.router.protocol.SqlState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The password exchange of one new session, SCRAM-SHA-256 or md5, one client message at a time:
 * {@link #start()} gives the first request, {@link #answer(byte[])} takes each reply and gives the
 * next request, or null once the client proved its password. A wrong password is a 28P01.
 */
final class Authenticator {

    private enum Step { SCRAM_FIRST, SCRAM_FINAL, MD5, DONE }

    private final Credentials credentials;
    private final String user;
    private final boolean md5;
    private Step step;
    private ScramServerExchange scram;
    private byte[] salt;

    Authenticator(Credentials credentials, String method, String user) {
        this.credentials = credentials;
        this.user = user;
        this.md5 = method.equalsIgnoreCase("md5");
    }

    PgMessage start() {
        if (md5) {
            step = Step.MD5;
            salt = Scram.randomBytes(4);
            return ServerMessages.authenticationMd5(salt);
        }
        step = Step.SCRAM_FIRST;
        return ServerMessages.authenticationSasl(List.of(Scram.MECHANISM));
    }

    /** The next message to send, or null when authentication succeeded (AuthenticationOk follows). */
    PgMessage answer(byte[] payload) {
        try {
            return switch (step) {
                case SCRAM_FIRST -> scramFirst(payload);
                case SCRAM_FINAL -> scramFinal(payload);
                case MD5 -> md5(payload);
                case DONE -> throw new ProtocolViolation("unexpected password message after authentication");
            };
        } catch (ScramServerExchange.MalformedMessage e) {
            throw new ProtocolViolation(e.getMessage());
        }
    }

    private PgMessage scramFirst(byte[] payload) {
        ByteBuffer initial = ByteBuffer.wrap(payload);
        String mechanism = readString(initial);
        if (!mechanism.equals(Scram.MECHANISM)) {
            throw new PgException(SqlState.PROTOCOL_VIOLATION, "client selected an invalid SASL authentication mechanism");
        }
        if (initial.remaining() < 4) {
            throw new ProtocolViolation("malformed SASLInitialResponse");
        }
        int length = initial.getInt();
        if (length < 0 || length > initial.remaining()) {
            throw new ProtocolViolation("malformed SASLInitialResponse");
        }
        byte[] clientFirst = new byte[length];
        initial.get(clientFirst);
        scram = new ScramServerExchange(credentials.scramVerifier(user));
        String serverFirst = scram.serverFirst(new String(clientFirst, StandardCharsets.UTF_8));
        step = Step.SCRAM_FINAL;
        return ServerMessages.authenticationSaslContinue(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private PgMessage scramFinal(byte[] payload) {
        String serverFinal = scram.verifyClientFinal(new String(payload, StandardCharsets.UTF_8));
        if (serverFinal == null) {
            throw failed();
        }
        step = Step.DONE;
        return ServerMessages.authenticationSaslFinal(serverFinal.getBytes(StandardCharsets.UTF_8));
    }

    private PgMessage md5(byte[] payload) {
        String given = new String(payload, 0, Math.max(0, payload.length - 1), StandardCharsets.UTF_8);
        String stored = credentials.md5(user).orElse(Md5Password.stored(user, Scram.nonce()));
        String expected = Md5Password.response(stored, salt);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw failed();
        }
        step = Step.DONE;
        return null;
    }

    boolean isDone() {
        return step == Step.DONE;
    }

    private PgException failed() {
        return new PgException(SqlState.INVALID_PASSWORD, "password authentication failed for user \"" + user + "\"");
    }

    private static String readString(ByteBuffer buffer) {
        int start = buffer.position();
        while (buffer.hasRemaining()) {
            if (buffer.get() == 0) {
                return new String(buffer.array(), start, buffer.position() - 1 - start, StandardCharsets.UTF_8);
            }
        }
        throw new ProtocolViolation("malformed SASLInitialResponse");
    }
}
