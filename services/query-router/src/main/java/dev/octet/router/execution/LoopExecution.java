package dev.octet.router.execution;

import dev.octet.router.backend.ReplyReader;
import dev.octet.router.backend.ShardConnection;
import dev.octet.router.planner.Plan;
import dev.octet.router.planner.Target;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.sharding.TableKind;
import dev.octet.router.transaction.ClientTransaction;
import dev.octet.router.transaction.Participant;
import java.util.List;

/**
 * Runs a statement that needs one shard on the session's event loop, without waiting: the statement
 * goes out in one write and its reply is relayed to the client message by message as it arrives.
 * This is the path of the common OLTP statement. Anything that would have to wait (a new shard
 * connection, a partition paused by a move, a cut-over, a connection living on another loop, a
 * statement for several shards) makes {@link #start} decline, having changed nothing that the
 * waiting path ({@link StatementExecutor}) would not do again the same way.
 */
public final class LoopExecution {

    /** Told, on the event loop, how a started statement ended. */
    public interface Completion {
        void finished(StatementExecutor.Outcome outcome, RuntimeException failure);
    }

    private static final Runnable NOTHING = () -> { };

    private final ShardedDatabase database;
    private final ClientTransaction transaction;
    private final RouteResolver routes;

    public LoopExecution(ShardedDatabase database, ClientTransaction transaction) {
        this.database = database;
        this.transaction = transaction;
        this.routes = new RouteResolver(database);
    }

    /**
     * Starts {@code plan}; true if it was sent ({@code done} follows), false if it needs the waiting
     * path. Throws, as the waiting path would, for a statement that fails before it is sent.
     */
    public boolean start(Plan.Routed plan, Invocation call, ResultSink sink, Completion done) {
        if (plan.target() == Target.ALL || plan.target() == Target.BROADCAST || plan.pinsSession()) {
            return false;
        }
        if (!registerWrites(plan, call)) {
            return false;
        }
        Runnable leave = plan.target() == Target.KEYED ? database.gate().tryEnterStatement() : NOTHING;
        if (leave == null) {
            return false;
        }
        boolean sent = false;
        try {
            RouteResolver.Route route = routes.resolve(plan, call.parameters(), transaction);
            if (route.shards().size() != 1) {
                return false;
            }
            int shard = route.single();
            boolean needsUnitBlock = plan.writes() && !transaction.inBlock()
                    && transaction.participants().stream().anyMatch(p -> p.shard() != shard);
            if (needsUnitBlock) {
                return false;
            }
            Participant participant = transaction.tryJoin(shard);
            if (participant == null || (!call.extended() && participant.awaitingSync())) {
                return false;
            }
            if (plan.writes() || plan.target() != Target.ANY) {
                transaction.noteDataShards(route.shards());
            }
            boolean untilReady = SingleShard.send(transaction, participant, plan.sql(), call);
            participant.connection().readAsync(new Relaying(participant.connection(),
                    new ReplyRelay(database, transaction, participant, untilReady, sink), sink, leave, done));
            sent = true;
            return true;
        } finally {
            if (!sent) {
                leave.run();
            }
        }
    }

    /** Registers the partitions a write to a sharded table touches; false if a move pauses one of them. */
    private boolean registerWrites(Plan.Routed plan, Invocation call) {
        if (!plan.writes() || plan.table() == null || database.tables().kind(plan.table()) != TableKind.SHARDED) {
            return true;
        }
        List<Integer> partitions = plan.target() == Target.KEYED
                ? routes.resolve(plan, call.parameters(), transaction).partitions() : List.of(-1);
        for (int partition : partitions) {
            if (!transaction.tryWritesPartition(partition)) {
                return false;
            }
        }
        return true;
    }

    /** Feeds the reply to the relay, pausing the shard while the client cannot keep up. */
    private static final class Relaying implements ReplyReader {
        private final ShardConnection connection;
        private final ReplyRelay relay;
        private final ResultSink sink;
        private final Runnable leave;
        private final Completion done;

        Relaying(ShardConnection connection, ReplyRelay relay, ResultSink sink, Runnable leave, Completion done) {
            this.connection = connection;
            this.relay = relay;
            this.sink = sink;
            this.leave = leave;
            this.done = done;
        }

        @Override
        public boolean accept(PgMessage message) {
            boolean complete = relay.accept(message);
            if (!complete && sink.saturated()) {
                connection.pauseReading();
                sink.whenDrained(connection::resumeReading);
            }
            return complete;
        }

        @Override
        public void complete(RuntimeException failure) {
            leave.run();
            StatementExecutor.Outcome outcome = StatementExecutor.Outcome.COMPLETE;
            RuntimeException error = failure;
            if (error == null) {
                try {
                    outcome = relay.outcome();
                } catch (RuntimeException e) {
                    error = e;
                }
            }
            done.finished(outcome, error);
        }
    }
}
