package dev.octet.router.execution;

import dev.octet.router.backend.EventLoops;
import dev.octet.router.backend.ShardConnection;
import dev.octet.router.backend.ShardUnavailableException;
import dev.octet.router.planner.MergeSpec;
import dev.octet.router.planner.Plan;
import dev.octet.router.planner.SqlLexer;
import dev.octet.router.planner.Target;
import dev.octet.router.planner.ValueRef;
import dev.octet.router.planner.Verb;
import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.protocol.Formats;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.RowDescription;
import dev.octet.router.protocol.SqlState;
import dev.octet.router.sharding.TableKind;
import dev.octet.router.transaction.ClientTransaction;
import dev.octet.router.transaction.Participant;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Runs statements of one session on the shards: a statement that needs one shard passes through
 * (its reply relayed as it comes); one that needs several runs on each, and the answers are merged.
 *
 * <p>A write that needs several shards takes its row locks in one global order, shard 0 first, so
 * that two such writes cannot each hold a lock on one shard and wait for the other's on another
 * (a distributed deadlock no shard can see): a write to a reference table (the same rows on every
 * shard) runs on the first shard alone and then on the others at once, since whoever holds a row there
 * holds it everywhere; other writes (different rows on each shard) run on one shard after another.
 * Reads run on all their shards at once. Deadlocks that span several statements are left to the
 * {@link dev.octet.router.transaction.DeadlockDetector}.
 */
public final class StatementExecutor {

    /** How an Execute ended: completely, or suspended at its row limit on a shard. */
    public enum Outcome { COMPLETE, SUSPENDED }

    /** The order in which a statement for several shards reaches them. */
    enum Order {
        /** All at once: reads. */
        TOGETHER,
        /** The first shard alone, then the rest at once: writes to rows that are the same on every shard. */
        FIRST_THEN_REST,
        /** One shard after another, in shard order: writes to different rows on each shard. */
        ONE_BY_ONE;

        /** {@code shards} (in shard order) grouped into the waves that run one after another. */
        List<List<Integer>> waves(List<Integer> shards) {
            return switch (this) {
                case TOGETHER -> List.of(shards);
                case FIRST_THEN_REST -> shards.size() <= 1 ? List.of(shards)
                        : List.of(shards.subList(0, 1), shards.subList(1, shards.size()));
                case ONE_BY_ONE -> shards.stream().map(List::of).toList();
            };
        }

        static Order forWrite(boolean writes, boolean replicated) {
            return !writes ? TOGETHER : replicated ? FIRST_THEN_REST : ONE_BY_ONE;
        }
    }

    private final ShardedDatabase database;
    private final ClientTransaction transaction;
    private final RouteResolver routes;

    public StatementExecutor(ShardedDatabase database, ClientTransaction transaction) {
        this.database = database;
        this.transaction = transaction;
        this.routes = new RouteResolver(database);
    }

    public ClientTransaction transaction() {
        return transaction;
    }

    /** Runs a query or data change. */
    public Outcome execute(Plan.Routed plan, Invocation call, ResultSink sink) {
        boolean distributed = plan.target() == Target.KEYED || plan.target() == Target.ALL;
        if (plan.writes() && plan.table() != null && database.tables().kind(plan.table()) == TableKind.SHARDED) {
            // Registered before the statement lock: this may wait while a partition move pauses its writes.
            if (plan.target() == Target.KEYED) {
                routes.resolve(plan, call.parameters(), transaction).partitions().forEach(transaction::writesPartition);
            } else {
                transaction.writesPartition(-1);
            }
        }
        Runnable leave = distributed ? database.gate().enterStatement() : () -> { };
        try {
            // Resolved under the statement lock, so no partition changes shards while the statement runs.
            RouteResolver.Route route = routes.resolve(plan, call.parameters(), transaction);
            List<Integer> shards = route.shards();
            if (shards.size() > 1 && plan.verb() == Verb.SELECT && !plan.writes()) {
                shards = reachable(plan, shards);
            }
            if (plan.writes() && !transaction.inBlock()) {
                List<Integer> used = shards;
                boolean otherShards = transaction.participants().stream().anyMatch(p -> !used.contains(p.shard()));
                if (shards.size() > 1 || otherShards) {
                    transaction.beginUnitBlock();
                }
            }
            if (plan.pinsSession()) {
                transaction.pin(route.single());
            }
            noteData(plan, shards);
            if (shards.size() == 1) {
                return single(plan.sql(), shards.get(0), call, sink);
            }
            if (plan.multiShardRefusal() != null) {
                throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, plan.multiShardRefusal());
            }
            if (plan.verb() == Verb.SELECT) {
                mergeSelect(plan, shards, call, sink);
            } else if (route.rowShards() != null) {
                splitInsert(plan, route, call, sink);
            } else {
                boolean replicated = plan.target() == Target.BROADCAST;
                everyShard(plan.sql(), shards, call, sink, replicated, Order.forWrite(plan.writes(), replicated));
            }
            return Outcome.COMPLETE;
        } finally {
            leave.run();
        }
    }

    /**
     * The shards of a read over several of them that can be reached, each joined. A shard that is
     * down fails the read, unless it locks rows with SKIP LOCKED: such a read asks for the rows it
     * can have now, and the rows of an unreachable shard are skipped as locked ones would be (this
     * keeps an outbox relay publishing the events of the other shards).
     */
    private List<Integer> reachable(Plan.Routed plan, List<Integer> shards) {
        List<Integer> reachable = new ArrayList<>(shards.size());
        ShardUnavailableException unavailable = null;
        for (int shard : shards) {
            try {
                transaction.join(shard);
                reachable.add(shard);
            } catch (ShardUnavailableException e) {
                unavailable = unavailable == null ? e : unavailable;
            }
        }
        if (unavailable != null && (reachable.isEmpty() || !SqlLexer.skipsLockedRows(plan.sql()))) {
            throw unavailable;
        }
        return reachable;
    }

    /** Remembers the shards whose data this statement works on, where the transaction's shard-local rows live. */
    private void noteData(Plan.Routed plan, List<Integer> shards) {
        Target target = plan.target();
        if (plan.writes() || target == Target.KEYED || target == Target.FOLLOW_TRANSACTION
                || target == Target.TRANSACTION_SHARDS) {
            transaction.noteDataShards(shards);
        }
    }

    // ---- one shard: pass-through -------------------------------------------------------------

    private Outcome single(String sql, int shard, Invocation call, ResultSink sink) {
        Participant participant = transaction.join(shard);
        if (!call.extended()) {
            participant.settle();
        }
        boolean untilReady = SingleShard.send(transaction, participant, sql, call);
        return relay(participant, untilReady, sink);
    }

    /** Continues a portal that stopped at its row limit on {@code shard}. */
    public Outcome resume(int shard, Invocation call, ResultSink sink) {
        Participant participant = transaction.participant(shard);
        if (participant == null) {
            throw new PgException(SqlState.INVALID_CURSOR_NAME, "portal \"" + call.portal() + "\" does not exist");
        }
        participant.connection().send(ClientMessages.execute(SingleShard.portalName(call.portal()), call.maxRows()));
        return relay(participant, SingleShard.finish(transaction, participant, call), sink);
    }

    /** Relays one statement's reply, waiting for it; reads to ReadyForQuery when {@code untilReady}. */
    private Outcome relay(Participant participant, boolean untilReady, ResultSink sink) {
        ReplyRelay relay = new ReplyRelay(database, transaction, participant, untilReady, sink);
        ShardConnection connection = participant.connection();
        while (!relay.accept(connection.read())) {
            // the relay passes the messages on
        }
        return relay.outcome();
    }

    // ---- several shards ---------------------------------------------------------------------

    private void mergeSelect(Plan.Routed plan, List<Integer> shards, Invocation call, ResultSink sink) {
        Plan.Routed exact = plan;
        if (plan.merge() == null) {
            Plan replanned = database.planner().planExact(plan.sql());
            if (!(replanned instanceof Plan.Routed routed)) {
                throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "the query router cannot plan this query");
            }
            exact = routed;
        }
        if (exact.merge() == null) {
            throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, exact.multiShardRefusal() != null
                    ? exact.multiShardRefusal() : "the query router cannot merge this query across shards");
        }
        MergeSpec merge = exact.merge();
        long offset = Math.max(0, limitValue(merge.offset(), exact, call.parameters(), 0));
        long limit = merge.limit() == null ? Long.MAX_VALUE : limitValue(merge.limit(), exact, call.parameters(),
                Long.MAX_VALUE);
        List<ShardStream> streams = send(merge.shardSql(), shards, call, call.parameters(), call.parameterTypes(),
                shardFormats(call.resultFormats(), merge), true, sink);
        try {
            RowDescription columns = null;
            for (ShardStream stream : streams) {
                RowDescription description = stream.description();
                if (description == null) {
                    throw stream.error() != null ? stream.error()
                            : new PgException(SqlState.INTERNAL_ERROR, "a shard returned no columns");
                }
                columns = columns == null ? description : columns;
            }
            ResultMerger merger = new ResultMerger(merge, columns, offset, limit);
            if (!call.extended()) {
                sink.relay(merger.clientColumns().toMessage());
            }
            long sent = merger.merge(streams, sink);
            for (ShardStream stream : streams) {
                stream.tag();
            }
            sink.complete("SELECT " + sent);
        } finally {
            streams.forEach(ShardStream::drain);
        }
    }

    private static short[] shardFormats(short[] clientFormats, MergeSpec merge) {
        if (clientFormats.length <= 1 || merge.hiddenColumns() == 0) {
            return clientFormats;
        }
        return Arrays.copyOf(clientFormats, clientFormats.length + merge.hiddenColumns());
    }

    private static long limitValue(ValueRef value, Plan.Routed plan, BoundParameters parameters, long absent) {
        if (value == null) {
            return absent;
        }
        String text;
        if (value.literal() != null) {
            text = value.literal();
        } else if (value.parameter() > plan.explicitParameters()) {
            text = plan.literals().get(value.parameter() - plan.explicitParameters() - 1);
        } else {
            byte[] bytes = parameters.value(value.parameter());
            if (bytes == null) {
                return absent;
            }
            if (parameters.format(value.parameter()) == Formats.BINARY) {
                return bytes.length == 4 ? ByteBuffer.wrap(bytes).getInt() : bytes.length == 2
                        ? ByteBuffer.wrap(bytes).getShort() : ByteBuffer.wrap(bytes).getLong();
            }
            text = new String(bytes, StandardCharsets.UTF_8);
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new PgException(SqlState.INVALID_TEXT_REPRESENTATION, "invalid input syntax for type bigint: \""
                    + text + "\"");
        }
    }

    /** Sends one statement to several shards and returns their replies, to be read in any order. */
    private List<ShardStream> send(String sql, List<Integer> shards, Invocation call, BoundParameters parameters,
                                   int[] types, short[] resultFormats, boolean describe, ResultSink sink) {
        // Every shard is joined before anything is sent: a shard that is down fails the statement cleanly.
        shards.forEach(transaction::join);
        List<ShardStream> streams = new ArrayList<>(shards.size());
        try {
            for (int shard : shards) {
                streams.add(sendOne(sql, shard, call, parameters, types, resultFormats, describe, sink));
            }
        } catch (RuntimeException e) {
            streams.forEach(ShardStream::drain);
            throw e;
        }
        return streams;
    }

    private ShardStream sendOne(String sql, int shard, Invocation call, BoundParameters parameters, int[] types,
                                short[] resultFormats, boolean describe, ResultSink sink) {
        Participant participant = transaction.join(shard);
        ShardConnection connection = participant.connection();
        if (!call.extended()) {
            participant.settle();
            connection.send(ClientMessages.query(sql));
            connection.flush();
            return new ShardStream(connection, true, sink);
        }
        connection.send(ClientMessages.parse("", sql, types));
        connection.send(ClientMessages.bind("", "", parameters.formats(), parameters.values(), resultFormats));
        if (describe) {
            connection.send(ClientMessages.describe('P', ""));
        }
        connection.send(ClientMessages.execute("", 0));
        boolean sync = transaction.inBlock() || call.lastInUnit();
        connection.send(sync ? ClientMessages.SYNC : ClientMessages.FLUSH);
        connection.flush();
        participant.setAwaitingSync(!sync);
        return new ShardStream(connection, sync, sink);
    }

    /**
     * Runs the same statement on every shard of the route, in waves by {@code order}, and adds up the
     * results; for a copy on every shard (a reference table) the first shard's answer stands for all.
     */
    private void everyShard(String sql, List<Integer> shards, Invocation call, ResultSink sink, boolean replicated,
                            Order order) {
        shards.forEach(transaction::join);
        Collected collected = new Collected(call.extended(), sink, replicated, false);
        inWaves(order.waves(shards), shard -> sendOne(sql, shard, call, call.parameters(), call.parameterTypes(),
                call.resultFormats(), !call.extended(), sink), collected);
        collected.complete(null, sink);
    }

    /**
     * Sends to the shards of each wave at once, reads their replies, and only then goes on to the
     * next wave; a wave that fails stops the statement there.
     */
    private void inWaves(List<List<Integer>> waves, IntFunction<ShardStream> sendTo, Collected collected) {
        for (List<Integer> wave : waves) {
            List<ShardStream> streams = new ArrayList<>(wave.size());
            try {
                for (int shard : wave) {
                    streams.add(sendTo.apply(shard));
                }
            } catch (RuntimeException e) {
                streams.forEach(ShardStream::drain);
                throw e;
            }
            streams.forEach(collected::read);
            collected.throwIfFailed();
        }
    }

    /** The replies of the shards to one statement, gathered stream by stream: rows relayed or kept, tags, the first error. */
    private final class Collected {
        private final ResultSink sink;
        private final boolean replicated;
        private final boolean keepRows;
        private final List<String> tags = new ArrayList<>();
        private final List<ShardStream> streams = new ArrayList<>();
        private final List<List<PgMessage>> rowsByStream = new ArrayList<>();
        private boolean described;
        private PgException failure;

        /** @param keepRows keep rows to relay them in another order at the end, instead of as they come */
        Collected(boolean described, ResultSink sink, boolean replicated, boolean keepRows) {
            this.described = described;
            this.sink = sink;
            this.replicated = replicated;
            this.keepRows = keepRows;
        }

        void read(ShardStream stream) {
            boolean relayRows = !replicated || streams.isEmpty();
            streams.add(stream);
            List<PgMessage> rows = new ArrayList<>();
            rowsByStream.add(rows);
            try {
                RowDescription description = stream.description();
                if (description != null && !described) {
                    sink.relay(description.toMessage());
                    described = true;
                }
                PgMessage row;
                while ((row = stream.nextMessage()) != null) {
                    if (!relayRows) {
                        continue;
                    }
                    if (keepRows) {
                        rows.add(row);
                    } else {
                        sink.relay(row);
                    }
                }
                String tag = stream.tag();
                tags.add(tag);
                if (CommandTags.isWrite(tag)) {
                    transaction.participant(stream.shard()).markWrote();
                }
            } catch (PgException e) {
                failure = failure == null ? e : failure;
                stream.drain();
            }
        }

        void throwIfFailed() {
            if (failure != null) {
                throw failure;
            }
        }

        /** Relays kept rows in {@code rowOrder} (the shard of each row, if rows were kept) and the combined tag. */
        void complete(int[] rowOrder, ResultSink sink) {
            throwIfFailed();
            if (rowOrder != null) {
                relayInRowOrder(rowsByStream, streams, rowOrder, sink);
            }
            String tag = replicated ? tags.get(0) : CommandTags.combine(tags);
            if (tag != null) {
                if (tag.startsWith("CREATE") || tag.startsWith("ALTER") || tag.startsWith("DROP")) {
                    schemaChanged();
                }
                sink.complete(tag);
            }
        }
    }

    private static void relayInRowOrder(List<List<PgMessage>> rowsByStream, List<ShardStream> streams, int[] rowOrder,
                                        ResultSink sink) {
        int[] next = new int[streams.size()];
        int total = rowsByStream.stream().mapToInt(List::size).sum();
        if (total != rowOrder.length) {
            rowsByStream.forEach(rows -> rows.forEach(sink::relay));
            return;
        }
        for (int shard : rowOrder) {
            for (int i = 0; i < streams.size(); i++) {
                if (streams.get(i).shard() == shard) {
                    sink.relay(rowsByStream.get(i).get(next[i]++));
                    break;
                }
            }
        }
    }

    /** A multi-row INSERT whose rows belong to several shards: each shard gets its own rows, one shard after another. */
    private void splitInsert(Plan.Routed plan, RouteResolver.Route route, Invocation call, ResultSink sink) {
        InsertSplitter splitter = InsertSplitter.of(database.planner().planExact(plan.sql()) instanceof Plan.Routed exact
                ? exact.sql() : plan.sql());
        int[] types = call.parameterTypes();
        route.shards().forEach(transaction::join);
        Collected collected = new Collected(call.extended(), sink, false, true);
        inWaves(Order.ONE_BY_ONE.waves(route.shards()), shard -> {
            List<Integer> rows = new ArrayList<>();
            for (int row = 0; row < route.rowShards().length; row++) {
                if (route.rowShards()[row] == shard) {
                    rows.add(row);
                }
            }
            String sql = splitter.sqlFor(rows);
            Set<Integer> used = parametersIn(sql);
            int count = Math.max(call.parameters().count(), types.length);
            byte[][] values = new byte[call.parameters().count()][];
            short[] formats = new short[call.parameters().count()];
            int[] shardTypes = Arrays.copyOf(types, count);
            for (int p = 1; p <= call.parameters().count(); p++) {
                if (used.contains(p)) {
                    values[p - 1] = call.parameters().value(p);
                    formats[p - 1] = call.parameters().format(p);
                } else if (shardTypes[p - 1] == 0) {
                    shardTypes[p - 1] = PgTypes.TEXT;
                }
            }
            return sendOne(sql, shard, call, new BoundParameters(values, formats), shardTypes, call.resultFormats(),
                    !call.extended(), sink);
        }, collected);
        collected.complete(route.rowShards(), sink);
    }

    private static Set<Integer> parametersIn(String sql) {
        Set<Integer> used = new HashSet<>();
        for (SqlLexer.Token token : SqlLexer.tokens(sql)) {
            if (token.kind() == SqlLexer.Kind.PARAMETER) {
                used.add(Integer.parseInt(token.value()));
            }
        }
        return used;
    }

    // ---- DDL and utility commands -----------------------------------------------------------

    /** DDL and maintenance: on every shard (atomically, when PostgreSQL allows it in a block). */
    public void broadcast(Plan.Broadcast plan, Invocation call, ResultSink sink) {
        if (!plan.transactional() && transaction.inBlock()) {
            throw new PgException(SqlState.ACTIVE_SQL_TRANSACTION, plan.tag() + " cannot run inside a transaction block");
        }
        if (plan.transactional() && !transaction.inBlock()) {
            transaction.beginUnitBlock();
        }
        List<Integer> all = new ArrayList<>();
        for (int shard = 0; shard < database.shards().count(); shard++) {
            all.add(shard);
        }
        all.forEach(transaction::join);
        Collected collected = new Collected(true, sink, true, false);
        try {
            // DDL and LOCK take their locks on the first shard before the others, as writes to reference tables do.
            inWaves((plan.transactional() ? Order.FIRST_THEN_REST : Order.TOGETHER).waves(all), shard -> {
                Participant participant = transaction.join(shard);
                participant.settle();
                participant.connection().send(ClientMessages.query(plan.sql()));
                participant.connection().flush();
                return new ShardStream(participant.connection(), true, sink);
            }, collected);
            collected.complete(null, sink);
        } finally {
            schemaChanged();
        }
    }

    /** After DDL: the shared caches are cleared, and this transaction remembers it changed the schema. */
    private void schemaChanged() {
        database.schemaChanged();
        transaction.noteSchemaChange();
    }

    /** Parameter and row description of a statement, from a shard (cached, unless this transaction changed the schema). */
    public ShardedDatabase.Description describe(String sql, int[] types) {
        String key = Arrays.toString(types) + sql;
        // A transaction that changed the schema itself describes on its own shard, past the cache.
        ShardedDatabase.Description cached = transaction.changedSchema() ? null : database.cachedDescription(key);
        if (cached != null) {
            return cached;
        }
        EventLoops.mayBlock("describing a statement");
        ShardedDatabase.Description description = onSomeShard(connection -> describeOn(connection, sql, types));
        if (!transaction.changedSchema()) {
            database.cacheDescription(key, description);
        }
        return description;
    }

    private static ShardedDatabase.Description describeOn(ShardConnection connection, String sql, int[] types) {
        connection.send(ClientMessages.parse("", sql, types));
        connection.send(ClientMessages.describe('S', ""));
        connection.send(ClientMessages.FLUSH);
        connection.flush();
        PgMessage parameters = null;
        while (true) {
            PgMessage message = connection.read();
            switch (message.kind()) {
                case 't' -> parameters = message;
                case 'T', 'n' -> {
                    return new ShardedDatabase.Description(parameters, message);
                }
                case 'E' -> throw PgException.fromBackend(message);
                default -> {
                    // notices
                }
            }
        }
    }

    /** Lets a shard report a syntax error in {@code sql}, if it has one. */
    public void checkSyntax(String sql) {
        onSomeShard(connection -> {
            connection.send(ClientMessages.parse("", sql, new int[0]));
            connection.send(ClientMessages.FLUSH);
            connection.flush();
            connection.send(ClientMessages.close('S', ""));
            PgMessage message = connection.read();
            if (message.kind() == 'E') {
                PgException error = PgException.fromBackend(message);
                if (error.sqlState().startsWith("42")) {
                    throw error;
                }
            }
            return null;
        });
    }

    /**
     * Runs a look-up (Describe, a syntax check) on the shard this transaction works on, so it sees
     * the transaction's own DDL, or else on a pooled connection that does not join the transaction.
     * An error leaves the shard waiting for a Sync: it is sent here when the connection is not the
     * transaction's, else at the end of the unit.
     */
    private <T> T onSomeShard(java.util.function.Function<ShardConnection, T> lookUp) {
        int first = transaction.firstShard();
        if (first >= 0) {
            Participant participant = transaction.participant(first);
            try {
                return lookUp.apply(participant.connection());
            } finally {
                participant.setAwaitingSync(true);
            }
        }
        var pool = database.shards().pool(database.healthyShard());
        ShardConnection connection = pool.acquire(null);
        try {
            return lookUp.apply(connection);
        } finally {
            try {
                connection.send(ClientMessages.SYNC);
                connection.flush();
                connection.skipToReady();
            } catch (RuntimeException e) {
                connection.markBroken();
            }
            pool.release(connection);
        }
    }

    /** A shard that is not known to be down. */
    public int anyShard() {
        return database.healthyShard();
    }

    /** Runs a statement on one shard for the session (SET, SHOW). */
    public void passThrough(String sql, int shard, Invocation call, ResultSink sink) {
        single(sql, shard, call, sink);
    }
}
