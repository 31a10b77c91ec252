package dev.octet.router.frontend;

import dev.octet.router.backend.EventLoops;
import dev.octet.router.backend.SessionSettings;
import dev.octet.router.backend.ShardConnection;
import dev.octet.router.backend.WouldBlock;
import dev.octet.router.execution.CopyIn;
import dev.octet.router.execution.Invocation;
import dev.octet.router.execution.LoopExecution;
import dev.octet.router.execution.ResultSink;
import dev.octet.router.execution.ShardedDatabase;
import dev.octet.router.execution.StatementExecutor;
import dev.octet.router.frontend.SessionPump.Progress;
import dev.octet.router.planner.Plan;
import dev.octet.router.planner.QueryPlanner;
import dev.octet.router.planner.SqlLexer;
import dev.octet.router.planner.TransactionCommand;
import dev.octet.router.protocol.FrontendMessage;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.ProtocolViolation;
import dev.octet.router.protocol.ServerMessages;
import dev.octet.router.protocol.SqlState;
import dev.octet.router.transaction.ClientTransaction;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One client connection: start-up and authentication ({@link Handshake}), then the simple and
 * extended query protocols. Extended-protocol messages are gathered up to Sync (or Flush) and then
 * run in order as one unit, so the router knows whether more work follows before it syncs a shard.
 * Prepared statements and portals are {@link PreparedObjects}; transaction control is
 * {@link TransactionCommands}; SET and friends are {@link SessionCommands}.
 *
 * <p>Its {@link SessionPump} runs it on one thread at a time: on the connection's event loop for
 * everything that does not wait (routing, Parse/Bind, and single-shard statements, whose replies are
 * relayed as they arrive), on a worker for the rest. A unit interrupted because its next step must
 * wait is continued by the worker from that step.
 */
final class Session {

    private static final Logger LOG = Logger.getLogger(Session.class);
    private static final Duration CANCEL_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private enum State { STARTUP, READY, COPY_IN, CLOSED }

    /** How one step went: done, sent to a shard (its completion resumes the session), or not started because it must wait. */
    private enum Step { DONE, SENT, MUST_WAIT }

    /** Extended-protocol messages up to a Sync (or Flush), or the statements of one Query; {@code next} is the next to run. */
    private static final class Unit {
        final List<FrontendMessage> messages;
        final List<String> statements;
        final boolean sync;
        int next;
        boolean failed;
        boolean begun;

        private Unit(List<FrontendMessage> messages, List<String> statements, boolean sync) {
            this.messages = messages;
            this.statements = statements;
            this.sync = sync;
        }

        static Unit extended(List<FrontendMessage> messages, boolean sync) {
            return new Unit(messages, null, sync);
        }

        static Unit simple(List<String> statements) {
            return new Unit(null, statements, true);
        }
    }

    private final ClientChannel out;
    private final ShardedDatabase database;
    private final ServerSettings settings;
    private final SessionRegistry registry;
    private final EventLoop loop;
    private final Executor workers;
    private final Runnable resume;
    private final ResultSink simpleSink;
    private final ResultSink extendedSink;
    private final Handshake handshake;
    private List<FrontendMessage> pending = new ArrayList<>();
    private State state = State.STARTUP;
    private int processId;
    private int secretKey;
    private SessionSettings sessionSettings;
    private volatile ClientTransaction transaction;
    private StatementExecutor executor;
    private LoopExecution loopExecution;
    private TransactionCommands transactionCommands;
    private PreparedObjects prepared;
    private Unit unit;
    private boolean skipUntilSync;
    private CopyIn copy;
    private ResultSink copySink;
    private volatile boolean disconnected;
    private volatile String violation;
    private SessionPump pump;
    /** When the unit of work under way began (System.nanoTime), 0 when there is none: for the statement timeout. */
    private volatile long busySince;
    /** When the session last became idle inside a transaction block, 0 when it is not: for the idle timeout. */
    private volatile long idleInTransactionSince;
    /** The unit the statement timeout already cancelled (read and written by the supervisor thread only). */
    private long timedOutUnit;

    /** @param resume called on the loop when a reply relayed there is complete */
    Session(ClientChannel out, ShardedDatabase database, ServerSettings settings, SessionRegistry registry,
            EventLoop loop, Executor workers, Runnable resume) {
        this.out = out;
        this.database = database;
        this.settings = settings;
        this.registry = registry;
        this.loop = loop;
        this.workers = workers;
        this.resume = resume;
        this.handshake = new Handshake(out, settings, registry);
        this.simpleSink = new ClientSink(out, false);
        this.extendedSink = new ClientSink(out, true);
    }

    /** The pump that runs this session (set once, before any message arrives). */
    void pumpedBy(SessionPump sessionPump) {
        this.pump = sessionPump;
    }

    int secretKey() {
        return secretKey;
    }

    /**
     * Cancels what this session's shard connections are running (a CancelRequest, a client gone, a
     * timeout), with a CancelRequest to each shard; waits for the connections to the shards, so never
     * on an event loop. {@code reason} is what the cancelled statement reports, or null for PostgreSQL's
     * own "canceling statement due to user request".
     */
    void cancelRunningQuery(PgException reason) {
        ClientTransaction current = transaction;
        if (current != null) {
            for (ShardConnection connection : current.heldConnections()) {
                if (reason != null) {
                    connection.reportCancelAs(reason);
                }
                connection.cancel(CANCEL_CONNECT_TIMEOUT);
            }
        }
    }

    /**
     * The router's last line of defence, checked every second by the supervisor: a unit of work that
     * runs longer than {@code statementTimeout} has its shard statements cancelled (57014, as
     * PostgreSQL's statement_timeout); a session idle inside a transaction block for longer than
     * {@code idleTimeout} is closed (25P03, as idle_in_transaction_session_timeout), which rolls its
     * transaction back on every shard. A timeout of 0 is off.
     */
    void enforceTimeouts(long now, long statementTimeout, long idleTimeout) {
        long busy = busySince;
        if (statementTimeout > 0 && busy != 0 && busy != timedOutUnit && now - busy > statementTimeout) {
            timedOutUnit = busy;
            PgException timeout = new PgException(SqlState.QUERY_CANCELED, "canceling statement due to statement timeout",
                    "The query router's statement timeout (octet.router.statement-timeout) ran out.");
            runOffLoop(() -> cancelRunningQuery(timeout));
        }
        long idle = idleInTransactionSince;
        if (idleTimeout > 0 && idle != 0 && now - idle > idleTimeout && pump != null) {
            pump.whenIdle(() -> {
                if (idleInTransactionSince == idle && state == State.READY) {
                    fatal(SqlState.IDLE_IN_TRANSACTION_TIMEOUT, "terminating connection due to idle-in-transaction "
                            + "timeout");
                }
            });
        }
    }

    private void runOffLoop(Runnable action) {
        try {
            workers.execute(action);
        } catch (RejectedExecutionException e) {
            LOG.debugf("Session %d: the router is stopping", processId);
        }
    }

    /** The client went away while a statement of its was running: cancel it on the shards, so the rollback follows. */
    void cancelForGoneClient() {
        runOffLoop(() -> cancelRunningQuery(null));
    }

    private static long stamp() {
        long now = System.nanoTime();
        return now == 0 ? 1 : now;
    }

    /** The decoder found a protocol violation: reported once the messages before it are handled. */
    void violation(String message) {
        violation = message;
    }

    /** The client went away. */
    void disconnected() {
        disconnected = true;
    }

    // ---- working through the client's messages ----------------------------------------------

    /**
     * Handles the messages waiting in {@code inbox}, on the event loop ({@code onLoop}: without
     * waiting, stopping at the first step that would) or on a worker.
     */
    Progress work(ClientInbox inbox, boolean onLoop) {
        try {
            return workThrough(inbox, onLoop);
        } catch (ProtocolViolation e) {
            fatal(SqlState.PROTOCOL_VIOLATION, e.getMessage());
        } catch (PgException e) {
            if (state == State.READY || state == State.COPY_IN) {
                LOG.errorf(e, "Session %d failed", processId);
            }
            fatal(e.sqlState(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Session %d failed", processId);
            fatal(SqlState.INTERNAL_ERROR, "internal error in the query router: " + e);
        }
        inbox.clear();
        return Progress.IDLE;
    }

    private Progress workThrough(ClientInbox inbox, boolean onLoop) {
        while (true) {
            if (state == State.CLOSED) {
                inbox.clear();
                return Progress.IDLE;
            }
            if (disconnected) {
                closed();
                continue;
            }
            if (unit != null) {
                Progress progress = continueUnit(onLoop);
                if (progress != null) {
                    return progress;
                }
                unit = null;
                busySince = 0;
                continue;
            }
            FrontendMessage message = inbox.peek();
            if (message == null) {
                if (violation != null) {
                    fatal(SqlState.PROTOCOL_VIOLATION, violation);
                    continue;
                }
                return Progress.IDLE;
            }
            if (onLoop && !runsOnLoop(message)) {
                return Progress.NEEDS_WORKER;
            }
            inbox.take();
            idleInTransactionSince = 0;
            handle(message);
        }
    }

    /** Whether handling {@code message} itself needs no waiting (a unit it completes may still hand over later). */
    private boolean runsOnLoop(FrontendMessage message) {
        if (state != State.READY) {
            return false;
        }
        if (message instanceof FrontendMessage.Terminate) {
            return transaction.endsLocally() && transaction.pinnedConnection() == null;
        }
        return true;
    }

    private void handle(FrontendMessage message) {
        switch (state) {
            case STARTUP -> startUp(message);
            case COPY_IN -> copyMessage(message);
            case READY -> serve(message);
            case CLOSED -> {
                // nothing more to do
            }
        }
    }

    /** The connection closed: roll back and give the shard connections back. */
    void closed() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (processId != 0) {
            registry.remove(processId);
        }
        CopyIn openCopy = copy;
        ClientTransaction openTransaction = transaction;
        Runnable release = () -> {
            if (openCopy != null) {
                openCopy.abort("the client disconnected");
            }
            if (openTransaction != null) {
                openTransaction.close();
            }
        };
        boolean local = openCopy == null && (openTransaction == null
                || (openTransaction.endsLocally() && openTransaction.pinnedConnection() == null));
        if (local || !EventLoops.onLoop()) {
            release.run();
        } else {
            // Rolling back on the shards waits for them: a worker does it; nobody else uses this session now.
            try {
                workers.execute(release);
            } catch (RejectedExecutionException e) {
                LOG.debugf("Session %d closed while the router stops: its shard connections close with it", processId);
            }
        }
    }

    private void fatal(String sqlState, String message) {
        if (state != State.CLOSED && out.isOpen()) {
            out.send(ServerMessages.error("FATAL", sqlState, message, null));
            out.flush();
        }
        closed();
        out.close();
    }

    // ---- start-up ----------------------------------------------------------------------------

    private void startUp(FrontendMessage message) {
        switch (handshake.handle(message)) {
            case CANCELLED -> {
                state = State.CLOSED;
                out.close();
            }
            case AUTHENTICATED -> logIn(handshake.startupParameters());
            case CONTINUE -> {
                // more of the exchange to come
            }
        }
    }

    private void logIn(Map<String, String> startupParameters) {
        String database = startupParameters.getOrDefault("database", startupParameters.get("user"));
        if (!database.equals(settings.database())) {
            throw new PgException(SqlState.INVALID_CATALOG_NAME, "database \"" + database + "\" does not exist");
        }
        if (registry.size() >= settings.maxSessions()) {
            throw new PgException(SqlState.TOO_MANY_CONNECTIONS, "sorry, too many clients already");
        }
        sessionSettings = SessionSettings.fromStartup(startupParameters);
        transaction = new ClientTransaction(this.database.shards(), sessionSettings, this.database.twoPhaseCommit(),
                this.database.gate(), this.database.transactions(), loop);
        executor = new StatementExecutor(this.database, transaction);
        loopExecution = new LoopExecution(this.database, transaction);
        transactionCommands = new TransactionCommands(out, transaction);
        prepared = new PreparedObjects(out, this.database, executor);
        Handshake.reportServerParameters(out, this.database, sessionSettings, loop);
        processId = registry.register(this);
        secretKey = registry.newSecret();
        transaction.identify("session " + processId);
        out.send(ServerMessages.backendKeyData(processId, secretKey));
        state = State.READY;
        readyForQuery();
    }

    private void readyForQuery() {
        char status = transaction.status();
        idleInTransactionSince = status == 'I' ? 0 : stamp();
        out.send(ServerMessages.readyForQuery(status));
        out.flush();
    }

    // ---- the query protocols -----------------------------------------------------------------

    private void serve(FrontendMessage message) {
        if (message instanceof FrontendMessage.Query query) {
            List<String> parts = SqlLexer.splitStatements(query.sql());
            if (parts.isEmpty()) {
                out.send(ServerMessages.EMPTY_QUERY);
                readyForQuery();
                return;
            }
            unit = Unit.simple(parts);
            busySince = stamp();
        } else if (message instanceof FrontendMessage.Parse || message instanceof FrontendMessage.Bind
                || message instanceof FrontendMessage.Describe || message instanceof FrontendMessage.Execute
                || message instanceof FrontendMessage.Close) {
            pending.add(message);
        } else if (message instanceof FrontendMessage.Flush || message instanceof FrontendMessage.Sync) {
            unit = Unit.extended(pending, message instanceof FrontendMessage.Sync);
            busySince = stamp();
            pending = new ArrayList<>();
        } else if (message instanceof FrontendMessage.Terminate) {
            closed();
            out.close();
        } else if (message instanceof FrontendMessage.CopyData || message instanceof FrontendMessage.CopyDone
                || message instanceof FrontendMessage.CopyFail) {
            // outside COPY these are ignored, as PostgreSQL does
            return;
        } else if (message instanceof FrontendMessage.FunctionCall) {
            error(new PgException(SqlState.FEATURE_NOT_SUPPORTED,
                    "the query router does not support the function call protocol"));
            readyForQuery();
        } else {
            throw new ProtocolViolation("unexpected message " + message.getClass().getSimpleName() + " after start-up");
        }
    }

    /** Runs the current unit on from where it stopped; null once it is finished. */
    private Progress continueUnit(boolean onLoop) {
        try {
            return unit.statements != null ? continueSimple(onLoop) : continueExtended(onLoop);
        } catch (WouldBlock e) {
            return Progress.NEEDS_WORKER;
        }
    }

    /** The simple query protocol: every statement of the string, as one unit of work. */
    private Progress continueSimple(boolean onLoop) {
        List<String> parts = unit.statements;
        if (onLoop && parts.size() > 1) {
            return Progress.NEEDS_WORKER;
        }
        if (!unit.begun) {
            unit.begun = true;
            if (parts.size() > 1 && !transaction.inBlock()) {
                transaction.beginUnitBlock();
            }
        }
        while (unit.next < parts.size() && !unit.failed) {
            String statement = parts.get(unit.next);
            QueryPlanner.Planned planned = database.planner().planWithShape(statement);
            Plan plan = planned.plan();
            String shape = planned.shape() != null ? planned.shape() : SqlLexer.shape(statement);
            long started = System.nanoTime();
            if (onLoop) {
                Unit current = unit;
                Step step;
                try {
                    step = startOnLoop(plan, Invocation.simple(), simpleSink, failure -> {
                        record(shape, plan, started, failure != null);
                        if (failure != null) {
                            current.failed = true;
                        }
                    });
                } catch (PgException e) {
                    error(e);
                    unit.next++;
                    continue;
                }
                if (step == Step.MUST_WAIT) {
                    return Progress.NEEDS_WORKER;
                }
                unit.next++;
                if (step == Step.SENT) {
                    return Progress.AWAITING_REPLY;
                }
                continue;
            }
            try {
                runStatement(plan, Invocation.simple(), null, simpleSink);
                if (state == State.COPY_IN) {
                    // The COPY data comes next; its end finishes the unit (a COPY comes alone).
                    return null;
                }
                record(shape, plan, started, false);
            } catch (PgException e) {
                record(shape, plan, started, true);
                error(e);
                unit.failed = true;
            }
            unit.next++;
        }
        if (onLoop && !transaction.endUnitIsLocal()) {
            return Progress.NEEDS_WORKER;
        }
        endUnit(unit.failed);
        if (state == State.READY) {
            readyForQuery();
        }
        return null;
    }

    /** Extended-protocol messages up to the Sync or Flush that ended the unit, in order. */
    private Progress continueExtended(boolean onLoop) {
        List<FrontendMessage> messages = unit.messages;
        while (unit.next < messages.size() && !skipUntilSync) {
            FrontendMessage message = messages.get(unit.next);
            try {
                Step step = runExtended(message, !hasExecuteAfter(messages, unit.next), onLoop);
                if (step == Step.MUST_WAIT) {
                    return Progress.NEEDS_WORKER;
                }
                unit.next++;
                if (step == Step.SENT) {
                    return Progress.AWAITING_REPLY;
                }
            } catch (PgException e) {
                error(e);
                skipUntilSync = true;
                unit.next++;
            }
        }
        if (!unit.sync) {
            out.flush();
            return null;
        }
        if (onLoop && !transaction.endUnitIsLocal()) {
            return Progress.NEEDS_WORKER;
        }
        endUnit(skipUntilSync);
        skipUntilSync = false;
        readyForQuery();
        return null;
    }

    private Step runExtended(FrontendMessage message, boolean lastInUnit, boolean onLoop) {
        if (message instanceof FrontendMessage.Parse parse) {
            prepared.parse(parse);
        } else if (message instanceof FrontendMessage.Bind bind) {
            prepared.bind(bind);
        } else if (message instanceof FrontendMessage.Describe describe) {
            prepared.describe(describe);
        } else if (message instanceof FrontendMessage.Execute execute) {
            return onLoop ? executeOnLoop(execute, lastInUnit) : execute(execute, lastInUnit);
        } else if (message instanceof FrontendMessage.Close close) {
            prepared.close(close);
        }
        return Step.DONE;
    }

    private void endUnit(boolean failed) {
        try {
            transaction.endUnit(failed);
        } catch (PgException e) {
            error(e);
            transaction.dropBroken();
        }
    }

    private static boolean hasExecuteAfter(List<FrontendMessage> messages, int index) {
        for (int i = index + 1; i < messages.size(); i++) {
            if (messages.get(i) instanceof FrontendMessage.Execute) {
                return true;
            }
        }
        return false;
    }

    private Step execute(FrontendMessage.Execute execute, boolean lastInUnit) {
        Portal portal = prepared.portal(execute.portal());
        long started = System.nanoTime();
        Invocation call = invocation(portal, execute.maxRows(), lastInUnit);
        boolean failed = true;
        try {
            if (portal.bufferedRows != null) {
                emitBuffered(portal, execute.maxRows());
            } else if (portal.suspendedShard >= 0) {
                if (executor.resume(portal.suspendedShard, call, extendedSink) == StatementExecutor.Outcome.COMPLETE) {
                    portal.suspendedShard = -1;
                }
            } else {
                runExecute(portal, call);
            }
            failed = false;
        } finally {
            record(portal.statement.shape(), portal.statement.plan(), started, failed);
        }
        return Step.DONE;
    }

    /** Execute on the event loop: a whole-result statement that needs no waiting; anything else goes to a worker. */
    private Step executeOnLoop(FrontendMessage.Execute execute, boolean lastInUnit) {
        Portal portal = prepared.portal(execute.portal());
        if (portal.bufferedRows != null || portal.suspendedShard >= 0 || execute.maxRows() > 0) {
            return Step.MUST_WAIT;
        }
        long started = System.nanoTime();
        PreparedStatement statement = portal.statement;
        return startOnLoop(statement.plan(), invocation(portal, 0, lastInUnit), extendedSink, failure -> {
            record(statement.shape(), statement.plan(), started, failure != null);
            if (failure != null) {
                skipUntilSync = true;
            }
        });
    }

    private static Invocation invocation(Portal portal, int maxRows, boolean lastInUnit) {
        return new Invocation(true, portal.parameters, portal.statement.types(), portal.statement.name(),
                portal.name, portal.resultFormats, maxRows, lastInUnit);
    }

    private void runExecute(Portal portal, Invocation call) {
        Plan plan = portal.statement.plan();
        boolean buffer = call.maxRows() > 0 && plan instanceof Plan.Routed;
        if (!buffer) {
            StatementExecutor.Outcome outcome = runStatement(plan, call, portal, extendedSink);
            if (outcome == StatementExecutor.Outcome.SUSPENDED) {
                portal.suspendedShard = transaction.firstShard();
            }
            return;
        }
        // A row limit: single-shard statements suspend on the shard; merged ones are buffered here.
        BufferingSink sink = new BufferingSink();
        StatementExecutor.Outcome outcome = runStatement(plan, call, portal, sink);
        if (outcome == StatementExecutor.Outcome.SUSPENDED) {
            sink.messages.forEach(out::send);
            portal.suspendedShard = transaction.firstShard();
            return;
        }
        List<PgMessage> rows = new ArrayList<>();
        for (PgMessage message : sink.messages) {
            if (message.kind() == 'D') {
                rows.add(message);
            } else {
                out.send(message);
            }
        }
        portal.bufferedRows = rows;
        portal.bufferedTag = sink.tag;
        emitBuffered(portal, call.maxRows());
    }

    private void emitBuffered(Portal portal, int maxRows) {
        int count = maxRows <= 0 ? portal.bufferedRows.size() : Math.min(maxRows, portal.bufferedRows.size());
        for (int i = 0; i < count; i++) {
            out.send(portal.bufferedRows.remove(0));
        }
        if (portal.bufferedRows.isEmpty() && (maxRows <= 0 || count < maxRows || portal.bufferedTag == null)) {
            if (portal.bufferedTag != null) {
                out.send(ServerMessages.commandComplete(portal.bufferedTag));
                portal.bufferedTag = null;
            }
        } else {
            out.send(ServerMessages.PORTAL_SUSPENDED);
        }
    }

    // ---- one statement -----------------------------------------------------------------------

    /**
     * Starts a statement on the event loop if it can run there without waiting: a single-shard
     * statement (sent now, its reply relayed as it arrives), or one the router answers itself.
     * {@code finished} is told the failure, if any, before the session resumes.
     */
    private Step startOnLoop(Plan plan, Invocation call, ResultSink sink, Consumer<PgException> finished) {
        try {
            checkNotFailed(plan);
        } catch (PgException e) {
            finished.accept(e);
            throw e;
        }
        Step step;
        try {
            if (plan instanceof Plan.Routed routed) {
                step = loopExecution.start(routed, call, sink, (outcome, failure) -> statementDone(failure, finished))
                        ? Step.SENT : Step.MUST_WAIT;
            } else if (plan instanceof Plan.Empty) {
                out.send(ServerMessages.EMPTY_QUERY);
                step = Step.DONE;
            } else if (plan instanceof Plan.Transaction command) {
                step = transactionOnLoop(command, sink, finished);
            } else {
                step = Step.MUST_WAIT;
            }
        } catch (PgException e) {
            transaction.fail();
            transaction.dropBroken();
            finished.accept(e);
            throw e;
        }
        if (step == Step.DONE) {
            finished.accept(null);
        }
        return step;
    }

    /** A statement started on the loop ended (on the loop): errors as the waiting path reports them, then resume. */
    private void statementDone(RuntimeException failure, Consumer<PgException> finished) {
        if (failure instanceof PgException error) {
            transaction.fail();
            transaction.dropBroken();
            error(error);
            finished.accept(error);
        } else if (failure != null) {
            LOG.errorf(failure, "Session %d failed", processId);
            finished.accept(new PgException(SqlState.INTERNAL_ERROR, failure.toString()));
            fatal(SqlState.INTERNAL_ERROR, "internal error in the query router: " + failure);
        } else {
            finished.accept(null);
        }
        resume.run();
    }

    /** BEGIN, and COMMIT or ROLLBACK that touch no shard or (COMMIT) one, on the loop; the rest on a worker. */
    private Step transactionOnLoop(Plan.Transaction command, ResultSink sink, Consumer<PgException> finished) {
        if (transactionCommands.isLocal(command)) {
            transactionCommands.run(command, sink);
            return Step.DONE;
        }
        return transactionCommands.startCommitOnLoop(command, sink, failure -> statementDone(failure, finished))
                ? Step.SENT : Step.MUST_WAIT;
    }

    private void checkNotFailed(Plan plan) {
        if (transaction.isFailed() && !(plan instanceof Plan.Transaction tx && (tx.command() == TransactionCommand.COMMIT
                || tx.command() == TransactionCommand.ROLLBACK || tx.command() == TransactionCommand.ROLLBACK_TO))) {
            throw new PgException(SqlState.IN_FAILED_TRANSACTION,
                    "current transaction is aborted, commands ignored until end of transaction block");
        }
    }

    private StatementExecutor.Outcome runStatement(Plan plan, Invocation call, Portal portal, ResultSink sink) {
        checkNotFailed(plan);
        try {
            if (plan instanceof Plan.Routed routed) {
                return executor.execute(routed, call, sink);
            }
            if (plan instanceof Plan.Empty) {
                out.send(ServerMessages.EMPTY_QUERY);
            } else if (plan instanceof Plan.Transaction command) {
                transactionCommands.run(command, sink);
            } else if (plan instanceof Plan.Session command) {
                new SessionCommands(sessionSettings, transaction, executor, prepared::deallocate, prepared::deallocateAll,
                        prepared::closePortals).run(command, call, sink);
            } else if (plan instanceof Plan.Broadcast broadcast) {
                executor.broadcast(broadcast, call, sink);
            } else if (plan instanceof Plan.Refused refused) {
                if (refused.checkSyntaxFirst()) {
                    executor.checkSyntax(refused.sql());
                }
                throw new PgException(refused.sqlState(), refused.message());
            } else if (plan instanceof Plan.CopyIn copy) {
                if (call.extended()) {
                    throw new PgException(SqlState.FEATURE_NOT_SUPPORTED,
                            "the query router supports COPY FROM STDIN in the simple query protocol only");
                }
                copyIn(copy, sink);
            }
            return StatementExecutor.Outcome.COMPLETE;
        } catch (PgException e) {
            transaction.fail();
            transaction.dropBroken();
            throw e;
        }
    }

    private void copyIn(Plan.CopyIn plan, ResultSink sink) {
        copy = new CopyIn(database, transaction, plan);
        out.send(copy.start());
        out.flush();
        copySink = sink;
        state = State.COPY_IN;
    }

    private void copyMessage(FrontendMessage message) {
        boolean failed = false;
        try {
            if (message instanceof FrontendMessage.CopyData data) {
                copy.data(data.data());
                return;
            }
            if (message instanceof FrontendMessage.Flush || message instanceof FrontendMessage.Sync) {
                return;
            }
            if (message instanceof FrontendMessage.CopyDone) {
                copySink.complete(copy.finish());
            } else if (message instanceof FrontendMessage.CopyFail fail) {
                copy.abort(fail.reason());
                throw new PgException(SqlState.QUERY_CANCELED, "COPY from stdin failed: " + fail.reason());
            } else {
                copy.abort("unexpected message during COPY");
                throw new PgException(SqlState.PROTOCOL_VIOLATION, "unexpected message type during COPY from stdin");
            }
        } catch (PgException e) {
            transaction.fail();
            transaction.dropBroken();
            error(e);
            failed = true;
        }
        copy = null;
        copySink = null;
        state = State.READY;
        endUnit(failed);
        readyForQuery();
    }

    private void error(PgException e) {
        out.send(e.toMessage());
    }

    private void record(String shape, Plan plan, long started, boolean failed) {
        String route = plan instanceof Plan.Routed routed ? routed.target().name().toLowerCase()
                : plan.getClass().getSimpleName().toLowerCase();
        database.stats().record(shape, route, System.nanoTime() - started, failed);
    }
}
