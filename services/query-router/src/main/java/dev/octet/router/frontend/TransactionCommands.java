package dev.octet.router.frontend;

import dev.octet.router.execution.ResultSink;
import dev.octet.router.planner.Plan;
import dev.octet.router.planner.TransactionCommand;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.ServerMessages;
import dev.octet.router.protocol.SqlState;
import dev.octet.router.transaction.ClientTransaction;
import java.util.function.Consumer;

/**
 * BEGIN, COMMIT, ROLLBACK, SAVEPOINT and friends, which the router carries out across the shards
 * the session's transaction uses, answering with PostgreSQL's tags and notices.
 */
final class TransactionCommands {

    private final ClientChannel out;
    private final ClientTransaction transaction;

    TransactionCommands(ClientChannel out, ClientTransaction transaction) {
        this.out = out;
        this.transaction = transaction;
    }

    /** True if {@code command} involves no shard now (BEGIN; COMMIT or ROLLBACK of a transaction that used none). */
    boolean isLocal(Plan.Transaction command) {
        TransactionCommand kind = command.command();
        return kind == TransactionCommand.BEGIN
                || ((kind == TransactionCommand.COMMIT || kind == TransactionCommand.ROLLBACK) && transaction.endsLocally());
    }

    /**
     * Starts the COMMIT of a block that used one shard on the event loop without waiting; {@code done}
     * gets the failure (null on success, with the tag sent). False if it needs the waiting path.
     */
    boolean startCommitOnLoop(Plan.Transaction command, ResultSink sink, Consumer<RuntimeException> done) {
        return command.command() == TransactionCommand.COMMIT && transaction.inClientBlock()
                && transaction.tryCommitOnLoop(failure -> {
                    if (failure == null) {
                        sink.complete("COMMIT");
                    }
                    done.accept(failure);
                });
    }

    /** Runs {@code command}, waiting for the shards where it needs them. */
    void run(Plan.Transaction command, ResultSink sink) {
        switch (command.command()) {
            case BEGIN -> {
                String warning = transaction.begin(command.sql());
                if (warning != null) {
                    out.send(ServerMessages.notice(SqlState.ACTIVE_SQL_TRANSACTION, warning));
                }
                sink.complete("BEGIN");
            }
            case COMMIT -> {
                if (!transaction.inClientBlock()) {
                    out.send(ServerMessages.notice(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                            "there is no transaction in progress"));
                }
                sink.complete(transaction.commit());
            }
            case ROLLBACK -> {
                if (!transaction.inClientBlock()) {
                    out.send(ServerMessages.notice(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                            "there is no transaction in progress"));
                }
                transaction.rollback();
                sink.complete("ROLLBACK");
            }
            case SAVEPOINT, SET_TRANSACTION -> {
                if (!transaction.inClientBlock()) {
                    if (command.command() == TransactionCommand.SAVEPOINT) {
                        throw new PgException(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                                "SAVEPOINT can only be used in transaction blocks");
                    }
                    out.send(ServerMessages.notice(SqlState.NO_ACTIVE_SQL_TRANSACTION,
                            "SET TRANSACTION can only be used in transaction blocks"));
                    sink.complete("SET");
                    return;
                }
                transaction.addToBlock(command.sql());
                sink.complete(command.command() == TransactionCommand.SAVEPOINT ? "SAVEPOINT" : "SET");
            }
            case RELEASE, ROLLBACK_TO -> {
                if (!transaction.inClientBlock()) {
                    throw new PgException(SqlState.NO_ACTIVE_SQL_TRANSACTION, (command.command()
                            == TransactionCommand.RELEASE ? "RELEASE SAVEPOINT" : "ROLLBACK TO SAVEPOINT")
                            + " can only be used in transaction blocks");
                }
                transaction.savepointCommand(command.sql(), command.savepoint(),
                        command.command() == TransactionCommand.ROLLBACK_TO);
                sink.complete(command.command() == TransactionCommand.RELEASE ? "RELEASE" : "ROLLBACK");
            }
        }
    }
}
