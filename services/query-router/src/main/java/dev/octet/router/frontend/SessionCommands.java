package dev.octet.router.frontend;

import dev.octet.router.backend.SessionSettings;
import dev.octet.router.backend.ShardConnection;
import dev.octet.router.execution.Invocation;
import dev.octet.router.execution.ResultSink;
import dev.octet.router.execution.StatementExecutor;
import dev.octet.router.planner.Plan;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.SqlState;
import dev.octet.router.transaction.ClientTransaction;
import dev.octet.router.transaction.Participant;
import java.util.function.Consumer;

/**
 * SET, RESET, SHOW, DISCARD and DEALLOCATE. A setting is checked by running it on one shard, then
 * remembered for the session and applied to every shard connection the session uses.
 */
final class SessionCommands {

    private final SessionSettings settings;
    private final ClientTransaction transaction;
    private final StatementExecutor executor;
    private final Consumer<String> deallocate;
    private final Runnable deallocateAll;
    private final Runnable closePortals;

    SessionCommands(SessionSettings settings, ClientTransaction transaction, StatementExecutor executor,
                    Consumer<String> deallocate, Runnable deallocateAll, Runnable closePortals) {
        this.settings = settings;
        this.transaction = transaction;
        this.executor = executor;
        this.deallocate = deallocate;
        this.deallocateAll = deallocateAll;
        this.closePortals = closePortals;
    }

    void run(Plan.Session command, Invocation call, ResultSink sink) {
        switch (command.command()) {
            case SET -> {
                int shard = runOnOneShard(command.sql(), call, sink);
                settings.set(command.name(), command.sql());
                resync(shard, command.name());
            }
            case SET_LOCAL -> {
                if (transaction.inClientBlock()) {
                    transaction.addToBlock(command.sql());
                    sink.complete("SET");
                } else {
                    runOnOneShard(command.sql(), call, sink);
                }
            }
            case RESET -> {
                int shard = runOnOneShard(command.sql(), call, sink);
                settings.reset(command.name());
                resync(shard, command.name());
            }
            case RESET_ALL -> {
                int shard = runOnOneShard(command.sql(), call, sink);
                settings.resetAll();
                resync(shard, null);
            }
            case SHOW -> runOnOneShard(command.sql(), call, sink);
            case DISCARD_ALL -> {
                if (transaction.inClientBlock()) {
                    throw new PgException(SqlState.ACTIVE_SQL_TRANSACTION,
                            "DISCARD ALL cannot run inside a transaction block");
                }
                settings.resetAll();
                deallocateAll.run();
                closePortals.run();
                sink.complete("DISCARD ALL");
            }
            case DISCARD_OTHER -> sink.complete("DISCARD " + command.name());
            case DEALLOCATE -> {
                if (command.name() == null) {
                    deallocateAll.run();
                    sink.complete("DEALLOCATE ALL");
                } else {
                    deallocate.accept(command.name());
                    sink.complete("DEALLOCATE");
                }
            }
        }
    }

    private int runOnOneShard(String sql, Invocation call, ResultSink sink) {
        int first = transaction.firstShard();
        int shard = first >= 0 ? first : executor.anyShard();
        executor.passThrough(sql, shard, call, sink);
        return shard;
    }

    /**
     * The shard that ran the command now has the session's new settings; the other connections the
     * session holds are brought to them too.
     */
    private void resync(int shardThatRan, String name) {
        for (Participant participant : transaction.participants()) {
            ShardConnection connection = participant.connection();
            if (participant.shard() == shardThatRan) {
                if (name == null) {
                    connection.appliedSettings().clear();
                } else {
                    connection.appliedSettings().remove(name.toLowerCase(java.util.Locale.ROOT));
                }
            }
            settings.applyTo(connection);
        }
    }
}
