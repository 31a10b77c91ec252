package dev.octet.router.execution;

import dev.octet.router.planner.MergeSpec;
import dev.octet.router.planner.MergeSpec.ColumnRole;
import dev.octet.router.protocol.DataRow;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.RowDescription;
import dev.octet.router.protocol.SqlState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Combines the answers of several shards to one SELECT into the answer one PostgreSQL would give:
 * a streaming k-way merge for ORDER BY, groups and aggregates folded together, then DISTINCT,
 * OFFSET and LIMIT, and the helper columns dropped.
 */
final class ResultMerger {

    private final MergeSpec spec;
    private final RowDescription shardColumns;
    /** The columns as merged: the shards' types, but an average's column holds the average, not its sum. */
    private final RowDescription mergedColumns;
    private final int visible;
    private final long offset;
    private final long limit;

    /**
     * @param shardColumns the shards' RowDescription of the rewritten statement
     * @param offset rows to skip; @param limit rows to return at most (Long.MAX_VALUE: all)
     */
    ResultMerger(MergeSpec spec, RowDescription shardColumns, long offset, long limit) {
        this.spec = spec;
        this.shardColumns = shardColumns;
        this.mergedColumns = merged(spec, shardColumns);
        this.visible = shardColumns.size() - spec.hiddenColumns();
        this.offset = offset;
        this.limit = limit;
    }

    /** Averages typed as PostgreSQL types them: float8 over floating-point values, numeric otherwise. */
    private static RowDescription merged(MergeSpec spec, RowDescription shardColumns) {
        if (spec.aggregation() == null) {
            return shardColumns;
        }
        List<RowDescription.Field> fields = new ArrayList<>(shardColumns.fields());
        List<ColumnRole> roles = spec.aggregation().roles();
        for (int i = 0; i < roles.size(); i++) {
            if (roles.get(i) == ColumnRole.AVG_SUM) {
                RowDescription.Field field = fields.get(i);
                boolean floating = isFloat(field);
                fields.set(i, field.withNameAndType(field.name(), floating ? PgTypes.FLOAT8 : PgTypes.NUMERIC,
                        (short) (floating ? 8 : -1)));
            }
        }
        return new RowDescription(List.copyOf(fields));
    }

    /** The columns the client sees: helper columns dropped, averages typed as PostgreSQL types them. */
    RowDescription clientColumns() {
        return mergedColumns.firstColumns(visible);
    }

    /** Merges and sends the rows; returns how many were sent. */
    long merge(List<ShardStream> streams, ResultSink sink) {
        return mergeFrom(streams.stream().<ShardRows>map(stream -> stream::next).toList(), sink);
    }

    /** One shard's rows in the order it sent them; null after the last. */
    interface ShardRows {
        byte[][] next();
    }

    /** {@link #merge} over rows from any source (unit tests hand them in). */
    long mergeFrom(List<ShardRows> streams, ResultSink sink) {
        return spec.aggregation() != null ? mergeGroups(streams, sink) : mergeRows(streams, sink);
    }

    private long mergeRows(List<ShardRows> streams, ResultSink sink) {
        Emitter emitter = new Emitter(sink);
        if (spec.sortKeys().isEmpty()) {
            for (ShardRows stream : streams) {
                byte[][] row;
                while (!emitter.full() && (row = stream.next()) != null) {
                    emitter.offer(row);
                }
            }
            return emitter.sent;
        }
        Comparator<byte[][]> order = rowOrder();
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> order.compare(a.row, b.row));
        for (ShardRows stream : streams) {
            byte[][] first = stream.next();
            if (first != null) {
                heads.add(new Head(first, stream));
            }
        }
        while (!heads.isEmpty() && !emitter.full()) {
            Head head = heads.poll();
            emitter.offer(head.row);
            byte[][] next = head.stream.next();
            if (next != null) {
                heads.add(new Head(next, head.stream));
            }
        }
        return emitter.sent;
    }

    private record Head(byte[][] row, ShardRows stream) {
    }

    private long mergeGroups(List<ShardRows> streams, ResultSink sink) {
        List<ColumnRole> roles = spec.aggregation().roles();
        Map<List<Object>, Group> groups = new LinkedHashMap<>();
        for (ShardRows stream : streams) {
            byte[][] row;
            while ((row = stream.next()) != null) {
                List<Object> key = new ArrayList<>();
                for (int i = 0; i < roles.size(); i++) {
                    if (roles.get(i) == ColumnRole.GROUP_KEY) {
                        RowDescription.Field field = shardColumns.field(i);
                        key.add(PgValues.groupKey(field.typeOid(), field.format(), row[i]));
                    }
                }
                groups.computeIfAbsent(key, k -> new Group(roles.size())).add(row);
            }
        }
        List<byte[][]> rows = new ArrayList<>(groups.size());
        for (Group group : groups.values()) {
            rows.add(group.result());
        }
        if (!spec.sortKeys().isEmpty()) {
            rows.sort(rowOrder());
        }
        Emitter emitter = new Emitter(sink);
        for (byte[][] row : rows) {
            if (emitter.full()) {
                break;
            }
            emitter.offer(row);
        }
        return emitter.sent;
    }

    /** The aggregates of one group, folded shard by shard. */
    private final class Group {
        private final byte[][] values;
        private final BigDecimal[] sums;
        private final double[] floatSums;
        private final boolean[] seen;

        Group(int columns) {
            values = new byte[columns][];
            sums = new BigDecimal[columns];
            floatSums = new double[columns];
            seen = new boolean[columns];
        }

        void add(byte[][] row) {
            List<ColumnRole> roles = spec.aggregation().roles();
            for (int i = 0; i < roles.size(); i++) {
                byte[] value = row[i];
                RowDescription.Field field = shardColumns.field(i);
                switch (roles.get(i)) {
                    case GROUP_KEY, ANY_VALUE -> {
                        if (!seen[i]) {
                            values[i] = value;
                        }
                        seen[i] = true;
                    }
                    case COUNT, AVG_COUNT, SUM, AVG_SUM -> {
                        if (value == null) {
                            continue;
                        }
                        if (isFloat(field)) {
                            floatSums[i] += PgValues.floatValue(field.format(), field.typeOid(), value);
                        } else {
                            BigDecimal number = PgValues.number(field.typeOid(), field.format(), value);
                            sums[i] = sums[i] == null ? number : sums[i].add(number);
                        }
                        seen[i] = true;
                    }
                    case MIN, MAX -> {
                        if (value == null) {
                            continue;
                        }
                        if (!seen[i]) {
                            values[i] = value;
                        } else {
                            int order = PgValues.compare(PgValues.decode(field.typeOid(), field.format(), value),
                                    PgValues.decode(field.typeOid(), field.format(), values[i]));
                            if (roles.get(i) == ColumnRole.MIN ? order < 0 : order > 0) {
                                values[i] = value;
                            }
                        }
                        seen[i] = true;
                    }
                    default -> throw new IllegalStateException("Unknown column role " + roles.get(i));
                }
            }
        }

        byte[][] result() {
            List<ColumnRole> roles = spec.aggregation().roles();
            byte[][] out = new byte[roles.size()][];
            for (int i = 0; i < roles.size(); i++) {
                RowDescription.Field field = shardColumns.field(i);
                switch (roles.get(i)) {
                    case COUNT, AVG_COUNT -> out[i] = PgValues.encode(field.typeOid(), field.format(),
                            sums[i] == null ? BigDecimal.ZERO : sums[i]);
                    case SUM -> out[i] = !seen[i] ? null : isFloat(field)
                            ? PgValues.encodeFloat(field.typeOid(), field.format(), floatSums[i])
                            : PgValues.encode(field.typeOid(), field.format(), sums[i]);
                    case AVG_SUM -> out[i] = average(i, field);
                    default -> out[i] = values[i];
                }
            }
            return out;
        }

        private byte[] average(int column, RowDescription.Field field) {
            if (!seen[column]) {
                return null;
            }
            int countColumn = spec.aggregation().avgCountColumn().get(column);
            BigDecimal count = sums[countColumn];
            if (count == null || count.signum() == 0) {
                return null;
            }
            if (isFloat(field)) {
                return PgValues.encodeFloat(PgTypes.FLOAT8, field.format(), floatSums[column] / count.doubleValue());
            }
            return PgValues.encode(PgTypes.NUMERIC, field.format(), NumericCodec.divide(sums[column], count));
        }
    }

    private static boolean isFloat(RowDescription.Field field) {
        return field.typeOid() == PgTypes.FLOAT4 || field.typeOid() == PgTypes.FLOAT8;
    }

    /** PostgreSQL's order: NULLs last ascending, first descending, unless NULLS FIRST/LAST says otherwise. */
    @SuppressWarnings("rawtypes")
    private Comparator<byte[][]> rowOrder() {
        return (a, b) -> {
            for (MergeSpec.SortKey key : spec.sortKeys()) {
                int column = key.column() >= 0 ? key.column() : visible + (-1 - key.column());
                if (column >= shardColumns.size()) {
                    throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "ORDER BY position " + (column + 1)
                            + " is not in select list");
                }
                byte[] x = a[column];
                byte[] y = b[column];
                int order;
                if (x == null || y == null) {
                    order = x == y ? 0 : (x == null) == key.nullsFirst() ? -1 : 1;
                    if (order != 0) {
                        return order;
                    }
                    continue;
                }
                RowDescription.Field field = mergedColumns.field(column);
                Comparable vx = PgValues.decode(field.typeOid(), field.format(), x);
                Comparable vy = PgValues.decode(field.typeOid(), field.format(), y);
                order = PgValues.compare(vx, vy);
                if (order != 0) {
                    return key.descending() ? -order : order;
                }
            }
            return 0;
        };
    }

    /** Applies DISTINCT, OFFSET and LIMIT and sends the visible columns. */
    private final class Emitter {
        private final ResultSink sink;
        private final Set<List<Object>> distinctRows = spec.distinct() ? new HashSet<>() : null;
        private long skipped;
        private long sent;

        Emitter(ResultSink sink) {
            this.sink = sink;
        }

        boolean full() {
            return sent >= limit;
        }

        void offer(byte[][] row) {
            if (distinctRows != null) {
                List<Object> key = new ArrayList<>(visible);
                for (int i = 0; i < visible; i++) {
                    RowDescription.Field field = mergedColumns.field(i);
                    key.add(row[i] == null ? null : PgValues.groupKey(field.typeOid(), field.format(), row[i]));
                }
                if (!distinctRows.add(key)) {
                    return;
                }
            }
            if (skipped < offset) {
                skipped++;
                return;
            }
            sink.row(DataRow.message(row, visible));
            sent++;
        }
    }
}
