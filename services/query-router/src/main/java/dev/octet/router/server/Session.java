package dev.octet.router.server;

import dev.octet.router.client.ShardConnection;
import dev.octet.router.client.ShardPool;
import dev.octet.router.execution.BoundParameters;
import dev.octet.router.execution.CopyIn;
import dev.octet.router.execution.Invocation;
import dev.octet.router.execution.ResultSink;
import dev.octet.router.execution.SessionSettings;
import dev.octet.router.execution.ShardedDatabase;
import dev.octet.router.execution.StatementExecutor;
import dev.octet.router.planner.Plan;
import dev.octet.router.planner.SessionCommand;
import dev.octet.router.planner.SqlLexer;
import dev.octet.router.planner.TransactionCommand;
import dev.octet.router.protocol.FrontendMessage;
import dev.octet.router.protocol.MessageBuilder;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.ProtocolViolation;
import dev.octet.router.protocol.RowDescription;
import dev.octet.router.protocol.ServerMessages;
import dev.octet.router.protocol.SqlState;
import dev.octet.router.transaction.ClientTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One client connection: start-up and authentication, then the simple and extended query
 * protocols. It runs on its connection's own event-loop thread, which may therefore block on the
 * shards; extended-protocol messages are gathered up to Sync (or Flush) and then run in order, so
 * the router knows whether more work follows before it syncs a shard.
 */
final class Session {

    private static final Logger LOG = Logger.getLogger(Session.class);
    private static final Duration CANCEL_CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private enum State { STARTUP, AUTHENTICATING, READY, COPY_IN, CLOSED }

    private record PreparedStatement(String name, String sql, String shape, int[] types, Plan plan) {
    }

    private static final class Portal {
        final String name;
        final PreparedStatement statement;
        final BoundParameters parameters;
        final short[] resultFormats;
        int suspendedShard = -1;
        List<PgMessage> bufferedRows;
        String bufferedTag;

        Portal(String name, PreparedStatement statement, BoundParameters parameters, short[] resultFormats) {
            this.name = name;
            this.statement = statement;
            this.parameters = parameters;
            this.resultFormats = resultFormats;
        }
    }

    private final ClientChannel out;
    private final ShardedDatabase database;
    private final ServerSettings settings;
    private final SessionRegistry registry;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private final List<FrontendMessage> pending = new ArrayList<>();
    private State state = State.STARTUP;
    private Authenticator authenticator;
    private Map<String, String> startupParameters;
    private int processId;
    private int secretKey;
    private SessionSettings sessionSettings;
    private volatile ClientTransaction transaction;
    private StatementExecutor executor;
    private boolean skipUntilSync;
    private CopyIn copy;
    private ResultSink copySink;

    Session(ClientChannel out, ShardedDatabase database, ServerSettings settings, SessionRegistry registry) {
        this.out = out;
        this.database = database;
        this.settings = settings;
        this.registry = registry;
    }

    int secretKey() {
        return secretKey;
    }

    /** A CancelRequest for this session: cancels what its shard connections are running. */
    void cancelRunningQuery() {
        ClientTransaction current = transaction;
        if (current != null) {
            for (ShardConnection connection : current.heldConnections()) {
                connection.cancel(CANCEL_CONNECT_TIMEOUT);
            }
        }
    }

    /** Handles one message from the client; answers go out when the session flushes. */
    void handle(FrontendMessage message) {
        if (state == State.CLOSED) {
            return;
        }
        try {
            switch (state) {
                case STARTUP -> startUp(message);
                case AUTHENTICATING -> authenticate(message);
                case COPY_IN -> copyMessage(message);
                default -> serve(message);
            }
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
    }

    /** The decoder found a protocol violation. */
    void violation(String message) {
        fatal(SqlState.PROTOCOL_VIOLATION, message);
    }

    /** The connection closed: roll back and give the shard connections back. */
    void closed() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        try {
            if (copy != null) {
                copy.abort("the client disconnected");
            }
            if (transaction != null) {
                transaction.close();
            }
        } finally {
            if (processId != 0) {
                registry.remove(processId);
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
        if (message instanceof FrontendMessage.SslRequest || message instanceof FrontendMessage.GssEncRequest) {
            out.sendByte('N');
            out.flush();
        } else if (message instanceof FrontendMessage.CancelRequest cancel) {
            registry.cancel(cancel.processId(), cancel.secretKey());
            state = State.CLOSED;
            out.close();
        } else if (message instanceof FrontendMessage.Startup startup) {
            String user = startup.parameters().get("user");
            if (user == null || user.isEmpty()) {
                throw new PgException(SqlState.INVALID_AUTHORIZATION,
                        "no PostgreSQL user name specified in startup packet");
            }
            if (startup.protocolVersion() != 196608) {
                out.send(ServerMessages.negotiateProtocolVersion(0, List.of()));
            }
            startupParameters = startup.parameters();
            authenticator = new Authenticator(settings.credentials(), settings.authMethod(), user);
            out.send(authenticator.start());
            out.flush();
            state = State.AUTHENTICATING;
        } else {
            throw new ProtocolViolation("expected a startup packet");
        }
    }

    private void authenticate(FrontendMessage message) {
        if (!(message instanceof FrontendMessage.PasswordMessage password)) {
            throw new ProtocolViolation("expected password response, got " + message.getClass().getSimpleName());
        }
        PgMessage next = authenticator.answer(password.payload());
        if (next != null) {
            out.send(next);
        }
        if (!authenticator.isDone()) {
            out.flush();
            return;
        }
        out.send(ServerMessages.AUTHENTICATION_OK);
        logIn();
    }

    private void logIn() {
        String database = startupParameters.getOrDefault("database", startupParameters.get("user"));
        if (!database.equals(settings.database())) {
            throw new PgException(SqlState.INVALID_CATALOG_NAME, "database \"" + database + "\" does not exist");
        }
        if (registry.size() >= settings.maxSessions()) {
            throw new PgException(SqlState.TOO_MANY_CONNECTIONS, "sorry, too many clients already");
        }
        sessionSettings = SessionSettings.fromStartup(startupParameters);
        transaction = new ClientTransaction(this.database.shards(), sessionSettings, this.database.twoPhaseCommit(),
                this.database.gate());
        executor = new StatementExecutor(this.database, transaction);
        reportServerParameters();
        processId = registry.register(this);
        secretKey = registry.newSecret();
        out.send(ServerMessages.backendKeyData(processId, secretKey));
        state = State.READY;
        readyForQuery();
    }

    /** Sends the ParameterStatus values a shard reports with this session's settings applied. */
    private void reportServerParameters() {
        PgException lastFailure = null;
        for (ShardPool pool : database.shards().pools()) {
            ShardConnection connection;
            try {
                connection = pool.acquire();
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

    private void readyForQuery() {
        out.send(ServerMessages.readyForQuery(transaction.status()));
        out.flush();
    }

    // ---- the query protocols -----------------------------------------------------------------

    private void serve(FrontendMessage message) {
        if (message instanceof FrontendMessage.Query query) {
            simpleQuery(query.sql());
            if (state == State.READY) {
                readyForQuery();
            }
        } else if (message instanceof FrontendMessage.Parse || message instanceof FrontendMessage.Bind
                || message instanceof FrontendMessage.Describe || message instanceof FrontendMessage.Execute
                || message instanceof FrontendMessage.Close) {
            pending.add(message);
        } else if (message instanceof FrontendMessage.Flush) {
            runPending();
            out.flush();
        } else if (message instanceof FrontendMessage.Sync) {
            runPending();
            endUnit(skipUntilSync);
            skipUntilSync = false;
            readyForQuery();
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

    private void endUnit(boolean failed) {
        try {
            transaction.endUnit(failed);
        } catch (PgException e) {
            error(e);
            transaction.dropBroken();
        }
    }

    /** The simple query protocol: every statement of the string, as one unit of work. */
    private void simpleQuery(String sql) {
        List<String> parts = SqlLexer.splitStatements(sql);
        if (parts.isEmpty()) {
            out.send(ServerMessages.EMPTY_QUERY);
            return;
        }
        if (parts.size() > 1 && !transaction.inBlock()) {
            transaction.beginUnitBlock();
        }
        boolean failed = false;
        for (String statement : parts) {
            long started = System.nanoTime();
            Plan plan = database.planner().plan(statement);
            try {
                runStatement(plan, Invocation.simple(), null, simpleSink());
                if (state == State.COPY_IN) {
                    // The rest of the query string waits for the end of the COPY data (a COPY comes alone).
                    return;
                }
                record(shapeOf(statement), plan, started, false);
            } catch (PgException e) {
                record(shapeOf(statement), plan, started, true);
                error(e);
                failed = true;
                break;
            }
        }
        endUnit(failed);
    }

    private static String shapeOf(String sql) {
        return SqlLexer.parameterize(sql, SqlLexer.tokens(sql)).sql();
    }

    private void runPending() {
        List<FrontendMessage> messages = new ArrayList<>(pending);
        pending.clear();
        for (int i = 0; i < messages.size(); i++) {
            if (skipUntilSync) {
                return;
            }
            FrontendMessage message = messages.get(i);
            try {
                if (message instanceof FrontendMessage.Parse parse) {
                    parse(parse);
                } else if (message instanceof FrontendMessage.Bind bind) {
                    bind(bind);
                } else if (message instanceof FrontendMessage.Describe describe) {
                    describe(describe);
                } else if (message instanceof FrontendMessage.Execute execute) {
                    execute(execute, !hasExecuteAfter(messages, i));
                } else if (message instanceof FrontendMessage.Close close) {
                    close(close);
                }
            } catch (PgException e) {
                error(e);
                skipUntilSync = true;
            }
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

    private void parse(FrontendMessage.Parse parse) {
        if (!parse.name().isEmpty() && statements.containsKey(parse.name())) {
            throw new PgException(SqlState.DUPLICATE_PREPARED_STATEMENT, "prepared statement \"" + parse.name()
                    + "\" already exists");
        }
        List<String> parts = SqlLexer.splitStatements(parse.sql());
        if (parts.size() > 1) {
            throw new PgException(SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
        }
        String sql = parts.isEmpty() ? "" : parse.sql();
        statements.put(parse.name(), new PreparedStatement(parse.name(), sql, shapeOf(sql), parse.parameterTypes(),
                database.planner().plan(sql)));
        out.send(ServerMessages.PARSE_COMPLETE);
    }

    private PreparedStatement statement(String name) {
        PreparedStatement statement = statements.get(name);
        if (statement == null) {
            throw new PgException(SqlState.INVALID_SQL_STATEMENT_NAME, name.isEmpty()
                    ? "unnamed prepared statement does not exist" : "prepared statement \"" + name + "\" does not exist");
        }
        return statement;
    }

    private Portal portal(String name) {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw new PgException(SqlState.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist");
        }
        return portal;
    }

    private void bind(FrontendMessage.Bind bind) {
        PreparedStatement statement = statement(bind.statement());
        if (!bind.portal().isEmpty() && portals.containsKey(bind.portal())) {
            throw new PgException(SqlState.DUPLICATE_CURSOR, "portal \"" + bind.portal() + "\" already exists");
        }
        short[] formats = bind.parameterFormats();
        if (formats.length > 1 && formats.length != bind.parameters().length) {
            throw new PgException(SqlState.PROTOCOL_VIOLATION, "bind message has " + formats.length
                    + " parameter formats but " + bind.parameters().length + " parameters");
        }
        portals.put(bind.portal(), new Portal(bind.portal(), statement, new BoundParameters(bind.parameters(),
                formats), bind.resultFormats()));
        out.send(ServerMessages.BIND_COMPLETE);
    }

    private void describe(FrontendMessage.Describe describe) {
        if (describe.kind() == 'S') {
            PreparedStatement statement = statement(describe.name());
            ShardedDatabase.Description description = descriptionOf(statement);
            out.send(description.parameters());
            out.send(description.rows());
            return;
        }
        Portal portal = portal(describe.name());
        ShardedDatabase.Description description = descriptionOf(portal.statement);
        PgMessage rows = description.rows();
        out.send(rows.kind() == 'T' ? RowDescription.parse(rows).withFormats(portal.resultFormats).toMessage() : rows);
    }

    private ShardedDatabase.Description descriptionOf(PreparedStatement statement) {
        Plan plan = statement.plan();
        boolean shardDescribes = plan instanceof Plan.Routed || plan instanceof Plan.Broadcast
                || plan instanceof Plan.Refused
                || plan instanceof Plan.Session session && session.command() == SessionCommand.SHOW;
        if (!shardDescribes) {
            return new ShardedDatabase.Description(new MessageBuilder().int16(0).message('t'),
                    ServerMessages.NO_DATA);
        }
        return executor.describe(statement.sql(), statement.types());
    }

    private void execute(FrontendMessage.Execute execute, boolean lastInUnit) {
        Portal portal = portal(execute.portal());
        long started = System.nanoTime();
        Invocation call = new Invocation(true, portal.parameters, portal.statement.types(), portal.statement.name(),
                portal.name, portal.resultFormats, execute.maxRows(), lastInUnit);
        boolean failed = true;
        try {
            if (portal.bufferedRows != null) {
                emitBuffered(portal, execute.maxRows());
            } else if (portal.suspendedShard >= 0) {
                if (executor.resume(portal.suspendedShard, call, extendedSink()) == StatementExecutor.Outcome.COMPLETE) {
                    portal.suspendedShard = -1;
                }
            } else {
                runExecute(portal, call);
            }
            failed = false;
        } finally {
            record(portal.statement.shape(), portal.statement.plan(), started, failed);
        }
    }

    private void runExecute(Portal portal, Invocation call) {
        Plan plan = portal.statement.plan();
        boolean buffer = call.maxRows() > 0 && plan instanceof Plan.Routed;
        if (!buffer) {
            StatementExecutor.Outcome outcome = runStatement(plan, call, portal, extendedSink());
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

    private void close(FrontendMessage.Close close) {
        if (close.kind() == 'S') {
            statements.remove(close.name());
        } else {
            portals.remove(close.name());
        }
        out.send(ServerMessages.CLOSE_COMPLETE);
    }

    // ---- one statement -----------------------------------------------------------------------

    private StatementExecutor.Outcome runStatement(Plan plan, Invocation call, Portal portal, ResultSink sink) {
        if (transaction.isFailed() && !(plan instanceof Plan.Transaction tx && (tx.command() == TransactionCommand.COMMIT
                || tx.command() == TransactionCommand.ROLLBACK || tx.command() == TransactionCommand.ROLLBACK_TO))) {
            throw new PgException(SqlState.IN_FAILED_TRANSACTION,
                    "current transaction is aborted, commands ignored until end of transaction block");
        }
        try {
            if (plan instanceof Plan.Routed routed) {
                return executor.execute(routed, call, sink);
            }
            if (plan instanceof Plan.Empty) {
                out.send(ServerMessages.EMPTY_QUERY);
            } else if (plan instanceof Plan.Transaction command) {
                transactionCommand(command, sink);
            } else if (plan instanceof Plan.Session command) {
                new SessionCommands(sessionSettings, transaction, executor, statements::remove, statements::clear,
                        portals::clear).run(command, call, sink);
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

    private void transactionCommand(Plan.Transaction command, ResultSink sink) {
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

    // ---- result sinks ------------------------------------------------------------------------

    private ResultSink simpleSink() {
        return new ResultSink() {
            @Override
            public void row(PgMessage dataRow) {
                out.send(dataRow);
            }

            @Override
            public void relay(PgMessage message) {
                out.send(message);
            }

            @Override
            public void complete(String tag) {
                out.send(ServerMessages.commandComplete(tag));
            }
        };
    }

    private ResultSink extendedSink() {
        return new ResultSink() {
            @Override
            public void row(PgMessage dataRow) {
                out.send(dataRow);
            }

            @Override
            public void relay(PgMessage message) {
                if (message.kind() != 'T') {
                    out.send(message);
                }
            }

            @Override
            public void complete(String tag) {
                out.send(ServerMessages.commandComplete(tag));
            }
        };
    }

    /** Keeps a result's messages, in order, to hand its rows out Execute by Execute. */
    private static final class BufferingSink implements ResultSink {
        final List<PgMessage> messages = new ArrayList<>();
        String tag;

        @Override
        public void row(PgMessage dataRow) {
            messages.add(dataRow);
        }

        @Override
        public void relay(PgMessage message) {
            if (message.kind() != 'T') {
                messages.add(message);
            }
        }

        @Override
        public void complete(String tag) {
            this.tag = tag;
        }
    }
}
