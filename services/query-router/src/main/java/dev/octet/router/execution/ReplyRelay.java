package dev.octet.router.execution;

import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.transaction.ClientTransaction;
import dev.octet.router.transaction.Participant;

/**
 * Relays one single-shard statement's reply to the client as it comes, message by message, noting
 * writes (for the commit) and schema changes (for the caches). Fed by a waiting read loop or by the
 * event loop as messages arrive.
 */
final class ReplyRelay {

    private final ShardedDatabase database;
    private final ClientTransaction transaction;
    private final Participant participant;
    private final ResultSink sink;
    private boolean untilReady;
    private boolean done;
    private PgException error;
    private StatementExecutor.Outcome outcome = StatementExecutor.Outcome.COMPLETE;

    /** @param untilReady the statement was synced, so its reply ends with ReadyForQuery */
    ReplyRelay(ShardedDatabase database, ClientTransaction transaction, Participant participant, boolean untilReady,
               ResultSink sink) {
        this.database = database;
        this.transaction = transaction;
        this.participant = participant;
        this.untilReady = untilReady;
        this.sink = sink;
    }

    /** Takes one message of the reply; true once the reply is complete. */
    boolean accept(PgMessage message) {
        switch (message.kind()) {
            case 'C' -> {
                String tag = ShardStream.commandTag(message);
                if (CommandTags.isWrite(tag)) {
                    participant.markWrote();
                }
                if (tag.startsWith("CREATE") || tag.startsWith("ALTER") || tag.startsWith("DROP")) {
                    database.schemaChanged();
                    transaction.noteSchemaChange();
                }
                sink.complete(tag);
                done = true;
            }
            case 's' -> {
                sink.relay(message);
                outcome = StatementExecutor.Outcome.SUSPENDED;
                done = true;
            }
            case 'I' -> {
                sink.relay(message);
                done = true;
            }
            case 'E' -> {
                error = PgException.fromBackend(message);
                done = true;
            }
            case 'Z' -> {
                if (untilReady) {
                    untilReady = false;
                    done = true;
                }
            }
            case 'T', 'D', 'N', 'S' -> sink.relay(message);
            default -> {
                // ParameterDescription, NoData: not asked for
            }
        }
        return done && !untilReady;
    }

    /** How the statement ended; throws the shard's error. */
    StatementExecutor.Outcome outcome() {
        if (error != null) {
            throw error;
        }
        return outcome;
    }
}
