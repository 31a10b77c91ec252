package dev.octet.router.execution;

import dev.octet.router.backend.ShardConnection;
import dev.octet.router.planner.Plan;
import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.SqlState;
import dev.octet.router.sharding.KeyType;
import dev.octet.router.sharding.PartitionDirectory;
import dev.octet.router.sharding.TableKind;
import dev.octet.router.sharding.TableRegistry;
import dev.octet.router.transaction.ClientTransaction;
import dev.octet.router.transaction.Participant;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * COPY table FROM STDIN in text format: rows of a sharded table go to the shard of their key, a
 * reference table's rows to every shard, a shard-local table's to one. Several shards commit
 * together, atomically.
 */
public final class CopyIn {

    private static final int BATCH_BYTES = 64 * 1024;

    private final ShardedDatabase database;
    private final ClientTransaction transaction;
    private final Plan.CopyIn plan;
    private final Map<Integer, ByteArrayOutputStream> pending = new LinkedHashMap<>();
    private final ByteArrayOutputStream partialLine = new ByteArrayOutputStream();
    private final java.util.Set<Integer> copying = new java.util.HashSet<>();
    private List<Integer> shards;
    private KeyType keyType;
    private int keyIndex = -1;
    private boolean ended;

    public CopyIn(ShardedDatabase database, ClientTransaction transaction, Plan.CopyIn plan) {
        this.database = database;
        this.transaction = transaction;
        this.plan = plan;
    }

    /** Starts the COPY on the shards; returns the CopyInResponse for the client. */
    public PgMessage start() {
        TableRegistry tables = database.tables();
        TableKind kind = tables.kind(plan.table());
        int count = database.shards().count();
        shards = new ArrayList<>();
        if (kind == TableKind.SHARD_LOCAL) {
            int first = transaction.firstShard();
            shards.add(first >= 0 ? first : database.healthyShard());
        } else {
            for (int shard = 0; shard < count; shard++) {
                shards.add(shard);
            }
        }
        if (kind == TableKind.SHARDED) {
            keyType = tables.keyType(plan.table()).orElse(null);
            String key = tables.keyColumn(plan.table());
            List<String> columns = plan.columns().isEmpty()
                    ? tables.columns(plan.table()).stream().map(TableRegistry.Column::name).toList() : plan.columns();
            keyIndex = columns.indexOf(key);
            if (keyType != null && keyIndex < 0) {
                throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "the query router does not support COPY into "
                        + "sharded table " + plan.table() + " without its shard key column " + key);
            }
            transaction.writesPartition(-1);
        }
        if (shards.size() > 1 && !transaction.inBlock()) {
            transaction.beginUnitBlock();
        }
        PgMessage response = null;
        PgException error = null;
        for (int shard : shards) {
            Participant joined = transaction.join(shard);
            joined.settle();
            ShardConnection connection = joined.connection();
            connection.send(ClientMessages.query(plan.sql()));
            connection.flush();
            PgMessage message = connection.read();
            while (message.kind() != 'G' && message.kind() != 'E') {
                message = connection.read();
            }
            if (message.kind() == 'E') {
                error = error == null ? PgException.fromBackend(message) : error;
                connection.skipToReady();
            } else {
                response = response == null ? message : response;
                copying.add(shard);
            }
            pending.put(shard, new ByteArrayOutputStream());
        }
        if (error != null) {
            abort("COPY could not start on every shard");
            throw error;
        }
        return response;
    }

    /** A CopyData chunk from the client. */
    public void data(byte[] chunk) {
        if (ended) {
            return;
        }
        if (keyIndex < 0 || keyType == null) {
            for (int shard : shards) {
                pending.get(shard).writeBytes(chunk);
            }
        } else {
            int start = 0;
            for (int i = 0; i < chunk.length; i++) {
                if (chunk[i] == '\n') {
                    partialLine.write(chunk, start, i - start + 1);
                    routeLine(partialLine.toByteArray());
                    partialLine.reset();
                    start = i + 1;
                }
            }
            partialLine.write(chunk, start, chunk.length - start);
        }
        for (Map.Entry<Integer, ByteArrayOutputStream> buffer : pending.entrySet()) {
            if (buffer.getValue().size() >= BATCH_BYTES) {
                send(buffer.getKey(), buffer.getValue());
            }
        }
    }

    private void routeLine(byte[] line) {
        if (line.length == 3 && line[0] == '\\' && line[1] == '.') {
            ended = true;
            return;
        }
        PartitionDirectory directory = database.directory();
        String key = field(line, keyIndex);
        int partition = key == null ? directory.partitionOfNull() : directory.partitionOf(keyType.hashText(key));
        pending.get(directory.shardOf(partition)).writeBytes(line);
    }

    /** Field {@code index} of a text-format COPY line, unescaped; null for \N. */
    static String field(byte[] line, int index) {
        int field = 0;
        int start = 0;
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        for (int i = 0; i <= end; i++) {
            if (i == end || line[i] == '\t') {
                if (field == index) {
                    return unescape(line, start, i);
                }
                field++;
                start = i + 1;
            }
        }
        throw new PgException("22P04", "missing data for the shard key column (field " + (index + 1) + ")");
    }

    private static String unescape(byte[] line, int from, int to) {
        if (to - from == 2 && line[from] == '\\' && line[from + 1] == 'N') {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = line[i];
            if (b != '\\' || i + 1 >= to) {
                out.write(b);
                continue;
            }
            byte next = line[++i];
            switch (next) {
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                default -> out.write(next);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void send(int shard, ByteArrayOutputStream buffer) {
        if (buffer.size() == 0) {
            return;
        }
        ShardConnection connection = transaction.participant(shard).connection();
        connection.send(ClientMessages.copyData(buffer.toByteArray()));
        buffer.reset();
    }

    /** CopyDone from the client: finishes every shard's COPY and returns the combined tag. */
    public String finish() {
        if (partialLine.size() > 0 && keyIndex >= 0 && keyType != null) {
            routeLine(partialLine.toByteArray());
            partialLine.reset();
        }
        for (int shard : shards) {
            send(shard, pending.get(shard));
            ShardConnection connection = transaction.participant(shard).connection();
            connection.send(ClientMessages.COPY_DONE);
            connection.flush();
        }
        copying.clear();
        long rows = 0;
        PgException error = null;
        for (int shard : shards) {
            Participant participant = transaction.participant(shard);
            PgMessage message;
            while ((message = participant.connection().read()).kind() != 'Z') {
                if (message.kind() == 'C') {
                    String tag = ShardStream.commandTag(message);
                    rows += CommandTags.count(tag);
                    if (CommandTags.count(tag) > 0) {
                        participant.markWrote();
                    }
                } else if (message.kind() == 'E' && error == null) {
                    error = PgException.fromBackend(message);
                }
            }
        }
        if (error != null) {
            throw error;
        }
        return "COPY " + rows;
    }

    /** CopyFail from the client, or a failure of the router: every shard abandons its COPY. */
    public void abort(String reason) {
        for (int shard : copying) {
            ShardConnection connection = transaction.participant(shard).connection();
            try {
                connection.send(ClientMessages.copyFail(reason));
                connection.flush();
                connection.skipToReady();
            } catch (RuntimeException e) {
                connection.markBroken();
            }
        }
        copying.clear();
    }
}
