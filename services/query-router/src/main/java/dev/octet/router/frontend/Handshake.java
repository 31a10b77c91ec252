package dev.octet.router.frontend;

import dev.octet.router.backend.SessionSettings;
import dev.octet.router.backend.ShardConnection;
import dev.octet.router.backend.ShardPool;
import dev.octet.router.execution.ShardedDatabase;
import dev.octet.router.protocol.FrontendMessage;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.ProtocolViolation;
import dev.octet.router.protocol.ServerMessages;
import dev.octet.router.protocol.SqlState;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The start of a client connection: SSL and GSS encryption requests (declined), cancel requests
 * (passed to the session they name), the startup packet and authentication.
 */
final class Handshake {

    /** Where the exchange stands after one message. */
    enum Outcome { CONTINUE, CANCELLED, AUTHENTICATED }

    private final ClientChannel out;
    private final ServerSettings settings;
    private final SessionRegistry registry;
    private Authenticator authenticator;
    private Map<String, String> startupParameters;

    Handshake(ClientChannel out, ServerSettings settings, SessionRegistry registry) {
        this.out = out;
        this.settings = settings;
        this.registry = registry;
    }

    Outcome handle(FrontendMessage message) {
        return authenticator == null ? startUp(message) : authenticate(message);
    }

    /** The startup packet's parameters: user, database, run-time settings. */
    Map<String, String> startupParameters() {
        return startupParameters;
    }

    private Outcome startUp(FrontendMessage message) {
        if (message instanceof FrontendMessage.SslRequest || message instanceof FrontendMessage.GssEncRequest) {
            out.sendByte('N');
            out.flush();
            return Outcome.CONTINUE;
        }
        if (message instanceof FrontendMessage.CancelRequest cancel) {
            registry.cancel(cancel.processId(), cancel.secretKey());
            return Outcome.CANCELLED;
        }
        if (!(message instanceof FrontendMessage.Startup startup)) {
            throw new ProtocolViolation("expected a startup packet");
        }
        String user = startup.parameters().get("user");
        if (user == null || user.isEmpty()) {
            throw new PgException(SqlState.INVALID_AUTHORIZATION, "no PostgreSQL user name specified in startup packet");
        }
        if (startup.protocolVersion() != 196608) {
            out.send(ServerMessages.negotiateProtocolVersion(0, List.of()));
        }
        startupParameters = startup.parameters();
        authenticator = new Authenticator(settings.credentials(), settings.authMethod(), user);
        out.send(authenticator.start());
        out.flush();
        return Outcome.CONTINUE;
    }

    private Outcome authenticate(FrontendMessage message) {
        if (!(message instanceof FrontendMessage.PasswordMessage password)) {
            throw new ProtocolViolation("expected password response, got " + message.getClass().getSimpleName());
        }
        PgMessage next = authenticator.answer(password.payload());
        if (next != null) {
            out.send(next);
        }
        if (!authenticator.isDone()) {
            out.flush();
            return Outcome.CONTINUE;
        }
        out.send(ServerMessages.AUTHENTICATION_OK);
        return Outcome.AUTHENTICATED;
    }

    /** Sends the ParameterStatus values a shard reports with the session's settings applied (waits for it). */
    static void reportServerParameters(ClientChannel out, ShardedDatabase database, SessionSettings sessionSettings,
                                       EventLoop loop) {
        PgException lastFailure = null;
        for (ShardPool pool : database.shards().pools()) {
            ShardConnection connection;
            try {
                connection = pool.acquire(loop);
            } catch (PgException e) {
                lastFailure = e;
                continue;
            }
            try {
                sessionSettings.applyTo(connection);
                connection.simpleQuery("");
                Map<String, String> reported = new HashMap<>(connection.serverParameters());
                reported.put("client_encoding", "UTF8");
                reported.forEach((name, value) -> out.send(ServerMessages.parameterStatus(name, value)));
                pool.release(connection);
                return;
            } catch (PgException e) {
                connection.markBroken();
                pool.release(connection);
                throw e;
            }
        }
        throw new PgException(SqlState.CANNOT_CONNECT_NOW, "the query router cannot reach any shard: "
                + (lastFailure == null ? "none configured" : lastFailure.getMessage()));
    }
}
