package dev.octet.router.execution;

import dev.octet.router.backend.ShardConnection;
import dev.octet.router.protocol.DataRow;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.RowDescription;

/** The reply of one shard to one statement, read row by row. */
final class ShardStream {

    private final ShardConnection connection;
    private final boolean readsReadyForQuery;
    private final ResultSink notices;
    private RowDescription description;
    private PgMessage pendingRow;
    private String tag;
    private PgException error;
    private boolean finished;

    /** @param readsReadyForQuery a Sync or simple Query was sent, so a ReadyForQuery ends the reply */
    ShardStream(ShardConnection connection, boolean readsReadyForQuery, ResultSink notices) {
        this.connection = connection;
        this.readsReadyForQuery = readsReadyForQuery;
        this.notices = notices;
    }

    int shard() {
        return connection.shard();
    }

    /** The RowDescription, or null when the statement returns no rows. */
    RowDescription description() {
        while (description == null && !finished && pendingRow == null) {
            advance();
        }
        return description;
    }

    /** The next row's columns, or null after the last. */
    byte[][] next() {
        PgMessage row = nextMessage();
        return row == null ? null : DataRow.columns(row.payload());
    }

    /** The next DataRow as it came, or null after the last. */
    PgMessage nextMessage() {
        while (pendingRow == null && !finished) {
            advance();
        }
        PgMessage row = pendingRow;
        pendingRow = null;
        return row;
    }

    private void advance() {
        PgMessage message = connection.read();
        switch (message.kind()) {
            case 'T' -> description = RowDescription.parse(message);
            case 'D' -> pendingRow = message;
            case 'C' -> {
                tag = commandTag(message);
                finish();
            }
            case 'I' -> finish();
            case 'E' -> {
                error = PgException.fromBackend(message);
                finish();
            }
            case 'N', 'S' -> notices.relay(message);
            case 'Z' -> finished = true;
            default -> {
                // NoData, ParameterDescription, PortalSuspended: nothing to do
            }
        }
    }

    private void finish() {
        if (readsReadyForQuery) {
            while (connection.read().kind() != 'Z') {
                // the rest of the reply is empty
            }
        }
        finished = true;
    }

    /** Reads the reply to its end, dropping rows nobody wants. */
    void drain() {
        while (!finished) {
            pendingRow = null;
            advance();
        }
        pendingRow = null;
    }

    /** The CommandComplete tag, or null; throws the shard's error if it failed. */
    String tag() {
        drain();
        if (error != null) {
            throw error;
        }
        return tag;
    }

    PgException error() {
        return error;
    }

    static String commandTag(PgMessage commandComplete) {
        byte[] payload = commandComplete.payload();
        return new String(payload, 0, payload.length - 1, java.nio.charset.StandardCharsets.UTF_8);
    }
}
