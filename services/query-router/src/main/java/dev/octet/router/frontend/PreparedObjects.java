package dev.octet.router.frontend;

import dev.octet.router.execution.BoundParameters;
import dev.octet.router.execution.ShardedDatabase;
import dev.octet.router.execution.StatementExecutor;
import dev.octet.router.planner.Plan;
import dev.octet.router.planner.SessionCommand;
import dev.octet.router.planner.SqlLexer;
import dev.octet.router.protocol.FrontendMessage;
import dev.octet.router.protocol.MessageBuilder;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.RowDescription;
import dev.octet.router.protocol.ServerMessages;
import dev.octet.router.protocol.SqlState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's named objects of the extended protocol: prepared statements (Parse, Describe, Close)
 * and portals (Bind). The router answers these messages itself; only a Describe that is not cached
 * asks a shard.
 */
final class PreparedObjects {

    private final ClientChannel out;
    private final ShardedDatabase database;
    private final StatementExecutor executor;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();

    PreparedObjects(ClientChannel out, ShardedDatabase database, StatementExecutor executor) {
        this.out = out;
        this.database = database;
        this.executor = executor;
    }

    void parse(FrontendMessage.Parse parse) {
        if (!parse.name().isEmpty() && statements.containsKey(parse.name())) {
            throw new PgException(SqlState.DUPLICATE_PREPARED_STATEMENT, "prepared statement \"" + parse.name()
                    + "\" already exists");
        }
        List<String> parts = SqlLexer.splitStatements(parse.sql());
        if (parts.size() > 1) {
            throw new PgException(SqlState.SYNTAX_ERROR, "cannot insert multiple commands into a prepared statement");
        }
        String sql = parts.isEmpty() ? "" : parse.sql();
        statements.put(parse.name(), new PreparedStatement(parse.name(), sql, SqlLexer.shape(sql), parse.parameterTypes(),
                database.planner().plan(sql)));
        out.send(ServerMessages.PARSE_COMPLETE);
    }

    PreparedStatement statement(String name) {
        PreparedStatement statement = statements.get(name);
        if (statement == null) {
            throw new PgException(SqlState.INVALID_SQL_STATEMENT_NAME, name.isEmpty()
                    ? "unnamed prepared statement does not exist" : "prepared statement \"" + name + "\" does not exist");
        }
        return statement;
    }

    Portal portal(String name) {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw new PgException(SqlState.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist");
        }
        return portal;
    }

    void bind(FrontendMessage.Bind bind) {
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

    void describe(FrontendMessage.Describe describe) {
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
        boolean allText = portal.resultFormats.length == 0
                || (portal.resultFormats.length == 1 && portal.resultFormats[0] == 0);
        out.send(rows.kind() == 'T' && !allText ? RowDescription.parse(rows).withFormats(portal.resultFormats).toMessage()
                : rows);
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

    void close(FrontendMessage.Close close) {
        if (close.kind() == 'S') {
            statements.remove(close.name());
        } else {
            portals.remove(close.name());
        }
        out.send(ServerMessages.CLOSE_COMPLETE);
    }

    /** DEALLOCATE name. */
    void deallocate(String name) {
        statements.remove(name);
    }

    /** DEALLOCATE ALL. */
    void deallocateAll() {
        statements.clear();
    }

    /** DISCARD ALL closes the portals too. */
    void closePortals() {
        portals.clear();
    }
}
