package dev.octet.router.transaction;

import dev.octet.router.backend.ReplyReader;
import dev.octet.router.backend.SessionSettings;
import dev.octet.router.backend.ShardConnection;
import dev.octet.router.backend.Shards;
import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.sharding.PartitionGate;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The transaction of one client session, spread over the shards it touched.
 *
 * <p>Outside a transaction block, a statement on one shard runs there in autocommit, as PostgreSQL
 * would run it. A unit of work (one Query message, or extended-protocol messages up to Sync) that
 * writes on several shards is wrapped by the router in a block on each shard and committed at the
 * end of the unit, atomically. Inside a client's BEGIN ... COMMIT, each shard joins with BEGIN the
 * first time it is needed. COMMIT is plain when at most one shard wrote, and two-phase otherwise.
 *
 * <p>It is listed in the {@link TransactionRegistry} for the life of its session, so that other threads
 * (the deadlock detector, cancels) can see which shard backends it holds.
 */
public final class ClientTransaction {

    private enum Mode { IDLE, BLOCK, FAILED }

    private final Shards shards;
    private final SessionSettings settings;
    private final TwoPhaseCommit twoPhaseCommit;
    private final PartitionGate gate;
    private final PartitionGate.Holder gateHolder = new PartitionGate.Holder();
    private final EventLoop home;
    private final TransactionRegistry registry;
    private final Map<Integer, Participant> participants = new LinkedHashMap<>();
    private final List<ShardConnection> held = new CopyOnWriteArrayList<>();
    private final TreeSet<Integer> dataShards = new TreeSet<>();
    private final List<String> prelude = new ArrayList<>();
    private Mode mode = Mode.IDLE;
    private boolean unitBlock;
    private String beginStatement = "BEGIN";
    private ShardConnection pinned;
    private boolean changedSchema;
    private volatile long started;
    private volatile String name = "a session";

    /** @param home the session's event loop, whose shard connections it prefers */
    public ClientTransaction(Shards shards, SessionSettings settings, TwoPhaseCommit twoPhaseCommit,
                             PartitionGate gate, TransactionRegistry registry, EventLoop home) {
        this.home = home;
        this.shards = shards;
        this.settings = settings;
        this.twoPhaseCommit = twoPhaseCommit;
        this.gate = gate;
        this.registry = registry;
        registry.register(this);
    }

    /** Names the session this transaction belongs to, in messages about it ("session 1001"). */
    public void identify(String sessionName) {
        name = sessionName;
    }

    public String name() {
        return name;
    }

    /**
     * When this transaction started using shards, as a number that grows with every transaction
     * (larger is younger); 0 while it uses none.
     */
    public long started() {
        return started;
    }

    /** DDL ran in this transaction (or unit): descriptions cached by others may not match what it sees. */
    public void noteSchemaChange() {
        changedSchema = true;
    }

    public boolean changedSchema() {
        return changedSchema;
    }

    /** Records that this transaction writes virtual partition {@code partition} (-1: any). */
    public void writesPartition(int partition) {
        gate.enterWrite(gateHolder, partition);
    }

    /** As {@link #writesPartition}, but false instead of waiting while a move pauses the partition. */
    public boolean tryWritesPartition(int partition) {
        return gate.tryEnterWrite(gateHolder, partition);
    }

    /** The ReadyForQuery status: 'I' idle, 'T' in a block, 'E' in a failed block. */
    public char status() {
        return switch (mode) {
            case IDLE -> 'I';
            case BLOCK -> 'T';
            case FAILED -> 'E';
        };
    }

    public boolean inClientBlock() {
        return mode != Mode.IDLE;
    }

    public boolean isFailed() {
        return mode == Mode.FAILED;
    }

    /** True when shards joining now must join inside a block (client's or the router's). */
    public boolean inBlock() {
        return mode == Mode.BLOCK || unitBlock;
    }

    public Collection<Participant> participants() {
        return participants.values();
    }

    public Participant participant(int shard) {
        return participants.get(shard);
    }

    /** The shard this transaction already works on (its first), or -1. */
    public int firstShard() {
        return participants.isEmpty() ? -1 : participants.keySet().iterator().next();
    }

    /**
     * Records that this transaction works on the data of {@code used}: shards its key values led to,
     * or that it changed. Shard-local tables are read and changed there ({@link #dataShards()}).
     */
    public void noteDataShards(Collection<Integer> used) {
        dataShards.addAll(used);
    }

    /** The shards this transaction works on the data of, in shard order (empty: none yet). */
    public List<Integer> dataShards() {
        return List.copyOf(dataShards);
    }

    /** Where a row of a shard-local table goes: the first shard of the transaction's data, else its first, else -1. */
    public int homeShard() {
        return dataShards.isEmpty() ? firstShard() : dataShards.first();
    }

    /** Joins {@code shard}: a connection brought to the session's settings, in a block if need be. */
    public Participant join(int shard) {
        Participant participant = participants.get(shard);
        if (participant != null) {
            return participant;
        }
        ShardConnection connection = pinned != null && pinned.shard() == shard ? pinned : shards.pool(shard).acquire(home);
        return add(connection);
    }

    /**
     * Joins {@code shard} with a connection on the session's own event loop if one is at hand now;
     * null (and nothing changed) otherwise. Never waits.
     */
    public Participant tryJoin(int shard) {
        Participant participant = participants.get(shard);
        if (participant != null) {
            return participant.connection().loop() == home ? participant : null;
        }
        if (pinned != null && pinned.shard() == shard) {
            return null;
        }
        ShardConnection connection = shards.pool(shard).tryAcquire(home);
        return connection == null ? null : add(connection);
    }

    private Participant add(ShardConnection connection) {
        int shard = connection.shard();
        if (participants.isEmpty()) {
            started = registry.nextStart();
        }
        settings.applyTo(connection);
        Participant participant = new Participant(connection);
        participants.put(shard, participant);
        held.add(connection);
        if (inBlock()) {
            openBlock(participant);
        }
        return participant;
    }

    private void openBlock(Participant participant) {
        ShardConnection connection = participant.connection();
        connection.queuePrelude(beginStatement);
        prelude.forEach(connection::queuePrelude);
        participant.markInBlock();
    }

    /**
     * Makes the current unit of work atomic across shards: every shard it uses runs inside a block
     * committed at the end of the unit. Shards already used in the unit are turned into blocks too
     * (PostgreSQL turns an implicit transaction into a block on BEGIN).
     */
    public void beginUnitBlock() {
        if (mode != Mode.IDLE || unitBlock) {
            return;
        }
        unitBlock = true;
        for (Participant participant : participants.values()) {
            if (!participant.inBlock()) {
                openBlock(participant);
            }
        }
    }

    /** BEGIN from the client; returns a warning message if a block was already open, else null. */
    public String begin(String statement) {
        if (mode != Mode.IDLE) {
            return "there is already a transaction in progress";
        }
        mode = Mode.BLOCK;
        unitBlock = false;
        beginStatement = statement;
        for (Participant participant : participants.values()) {
            if (!participant.inBlock()) {
                openBlock(participant);
            }
        }
        return null;
    }

    /** SET TRANSACTION, SET LOCAL, SAVEPOINT: run on the shards in the block and on every later joiner. */
    public void addToBlock(String statement) {
        for (Participant participant : participants.values()) {
            if (participant.inBlock()) {
                participant.settle();
                participant.connection().simpleQuery(statement);
            }
        }
        prelude.add(statement);
    }

    /** RELEASE or ROLLBACK TO a savepoint, on every shard in the block. */
    public void savepointCommand(String statement, String savepoint, boolean rollback) {
        int at = savepointIndex(savepoint);
        if (at < 0) {
            throw new PgException("3B001", "savepoint \"" + savepoint + "\" does not exist");
        }
        for (Participant participant : participants.values()) {
            if (participant.inBlock()) {
                participant.settle();
                participant.connection().simpleQuery(statement);
            }
        }
        // ROLLBACK TO keeps the savepoint and drops what came after it; RELEASE drops it too.
        int keep = rollback ? at + 1 : at;
        while (prelude.size() > keep) {
            prelude.remove(prelude.size() - 1);
        }
        if (rollback) {
            mode = Mode.BLOCK;
        }
    }

    private int savepointIndex(String savepoint) {
        for (int i = prelude.size() - 1; i >= 0; i--) {
            String statement = prelude.get(i).trim();
            if (statement.regionMatches(true, 0, "savepoint", 0, 9)
                    && statement.substring(9).trim().replace("\"", "").replaceAll(";$", "").trim()
                    .equalsIgnoreCase(savepoint)) {
                return i;
            }
        }
        return -1;
    }

    /** A statement failed: a client block becomes failed; a unit of work will be rolled back. */
    public void fail() {
        if (mode == Mode.BLOCK) {
            mode = Mode.FAILED;
        }
    }

    /** COMMIT from the client: returns the command tag ("ROLLBACK" for a failed block). */
    public String commit() {
        if (mode == Mode.FAILED) {
            rollbackAll();
            return "ROLLBACK";
        }
        if (mode == Mode.IDLE && !unitBlock) {
            return "COMMIT";
        }
        try {
            commitAll();
        } finally {
            endTransaction();
        }
        return "COMMIT";
    }

    /** ROLLBACK from the client. */
    public void rollback() {
        rollbackAll();
    }

    /**
     * Ends a unit of work (a Sync, or the end of a Query message). A unit block commits, or rolls
     * back if the unit failed; shards used in autocommit get their Sync; connections go back to the
     * pools unless a client block continues.
     */
    public void endUnit(boolean failed) {
        if (unitBlock) {
            if (failed) {
                rollbackAll();
            } else {
                try {
                    commitAll();
                } finally {
                    endTransaction();
                }
            }
            return;
        }
        for (Participant participant : participants.values()) {
            if (participant.awaitingSync()) {
                participant.connection().send(ClientMessages.SYNC);
                participant.connection().flush();
            }
        }
        for (Participant participant : participants.values()) {
            if (participant.awaitingSync()) {
                participant.setAwaitingSync(false);
                participant.connection().skipToReady();
            }
        }
        if (mode == Mode.IDLE) {
            releaseAll();
        }
    }

    /** True when COMMIT or ROLLBACK involves no shard: the transaction has not used any yet. */
    public boolean endsLocally() {
        return participants.isEmpty();
    }

    /** True when {@link #endUnit} needs no shard: no router block to commit, no Sync owed. */
    public boolean endUnitIsLocal() {
        return !unitBlock && participants.values().stream().noneMatch(Participant::awaitingSync);
    }

    /**
     * Starts the COMMIT of a client block that used one shard, on the session's event loop without
     * waiting: {@code done} gets the failure (null on success) once the shard answered. False, with
     * nothing started, when the commit needs the waiting path (two-phase, several shards...).
     */
    public boolean tryCommitOnLoop(Consumer<RuntimeException> done) {
        if (mode != Mode.BLOCK || unitBlock || participants.size() != 1) {
            return false;
        }
        Participant participant = participants.values().iterator().next();
        ShardConnection connection = participant.connection();
        if (!participant.inBlock() || participant.awaitingSync() || connection.loop() != home
                || !connection.loop().inEventLoop()) {
            return false;
        }
        connection.send(ClientMessages.query("COMMIT"));
        connection.flush();
        connection.readAsync(new ReplyReader() {
            private PgException error;

            @Override
            public boolean accept(PgMessage message) {
                if (message.kind() == 'E' && error == null) {
                    error = PgException.fromBackend(message);
                }
                return message.kind() == 'Z';
            }

            @Override
            public void complete(RuntimeException failure) {
                endTransaction();
                done.accept(failure != null ? failure : error);
            }
        });
        return true;
    }

    private void commitAll() {
        participants.values().forEach(Participant::settle);
        List<Participant> writers = new ArrayList<>();
        List<Participant> readers = new ArrayList<>();
        for (Participant participant : participants.values()) {
            if (participant.inBlock()) {
                (participant.wrote() ? writers : readers).add(participant);
            }
        }
        if (writers.size() <= 1) {
            for (Participant reader : readers) {
                reader.connection().simpleQuery("COMMIT");
            }
            for (Participant writer : writers) {
                writer.connection().simpleQuery("COMMIT");
            }
            return;
        }
        twoPhaseCommit.commit(writers, readers);
    }

    private void rollbackAll() {
        for (Participant participant : participants.values()) {
            ShardConnection connection = participant.connection();
            try {
                if (participant.awaitingSync()) {
                    connection.send(ClientMessages.SYNC);
                    connection.flush();
                    connection.skipToReady();
                    participant.setAwaitingSync(false);
                }
                if (connection.transactionStatus() != 'I') {
                    connection.simpleQuery("ROLLBACK");
                }
            } catch (PgException e) {
                connection.markBroken();
            }
        }
        endTransaction();
    }

    private void endTransaction() {
        mode = Mode.IDLE;
        unitBlock = false;
        beginStatement = "BEGIN";
        prelude.clear();
        releaseAll();
    }

    private void releaseAll() {
        changedSchema = false;
        started = 0;
        dataShards.clear();
        gate.release(gateHolder);
        for (Participant participant : participants.values()) {
            ShardConnection connection = participant.connection();
            if (connection == pinned) {
                if (connection.isBroken()) {
                    pinned = null;
                }
                continue;
            }
            shards.pool(participant.shard()).release(connection);
        }
        participants.clear();
        held.clear();
        if (pinned != null) {
            held.add(pinned);
        }
    }

    /**
     * Keeps the connection to {@code shard} for the rest of the session (it holds session state, such
     * as an advisory lock).
     */
    public void pin(int shard) {
        Participant participant = join(shard);
        pinned = participant.connection();
    }

    public ShardConnection pinnedConnection() {
        return pinned;
    }

    /** The shard connections this session holds now (read by other threads, to cancel). */
    public List<ShardConnection> heldConnections() {
        return List.copyOf(held);
    }

    /** The session ended: roll back whatever is open and give every connection back. */
    public void close() {
        try {
            rollbackAll();
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        if (pinned != null) {
            shards.pool(pinned.shard()).discard(pinned);
            pinned = null;
        }
        held.clear();
        registry.unregister(this);
    }

    /** A shard connection broke in the middle of the unit: drop it without returning it. */
    public void dropBroken() {
        participants.values().removeIf(participant -> {
            if (participant.connection().isBroken()) {
                if (participant.connection() == pinned) {
                    pinned = null;
                }
                shards.pool(participant.shard()).discard(participant.connection());
                held.remove(participant.connection());
                return true;
            }
            return false;
        });
    }
}
