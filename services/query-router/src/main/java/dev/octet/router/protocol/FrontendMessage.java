package dev.octet.router.protocol;

import java.util.Map;

/** A message a PostgreSQL client sends, decoded from the wire by {@link PgFrameDecoder}. */
public sealed interface FrontendMessage {

    /** The startup packet of protocol 3.0: user, database and run-time parameters. */
    record Startup(int protocolVersion, Map<String, String> parameters) implements FrontendMessage {
    }

    record SslRequest() implements FrontendMessage {
    }

    record GssEncRequest() implements FrontendMessage {
    }

    /** Sent on a fresh connection to cancel the query running on another one. */
    record CancelRequest(int processId, int secretKey) implements FrontendMessage {
    }

    /** 'p': a password, or a SASL initial/continuation response, depending on the exchange. */
    record PasswordMessage(byte[] payload) implements FrontendMessage {
    }

    /** 'Q': one or more SQL statements in the simple query protocol. */
    record Query(String sql) implements FrontendMessage {
    }

    /** 'P': prepares {@code sql} as statement {@code name} ("" is the unnamed statement). */
    record Parse(String name, String sql, int[] parameterTypes) implements FrontendMessage {
    }

    /** 'B': binds parameters to a statement, creating a portal. A null parameter is SQL NULL. */
    record Bind(String portal, String statement, short[] parameterFormats, byte[][] parameters,
                short[] resultFormats) implements FrontendMessage {
    }

    /** 'D': kind 'S' (statement) or 'P' (portal). */
    record Describe(char kind, String name) implements FrontendMessage {
    }

    /** 'E': runs a portal; {@code maxRows} 0 means all rows. */
    record Execute(String portal, int maxRows) implements FrontendMessage {
    }

    /** 'C': kind 'S' (statement) or 'P' (portal). */
    record Close(char kind, String name) implements FrontendMessage {
    }

    record Sync() implements FrontendMessage {
    }

    record Flush() implements FrontendMessage {
    }

    record Terminate() implements FrontendMessage {
    }

    record CopyData(byte[] data) implements FrontendMessage {
    }

    record CopyDone() implements FrontendMessage {
    }

    record CopyFail(String reason) implements FrontendMessage {
    }

    /** 'F': the legacy function call protocol, which the router refuses. */
    record FunctionCall() implements FrontendMessage {
    }
}
