package dev.octet.router.admin;

import dev.octet.router.backend.ShardPool;
import dev.octet.router.execution.ShardedDatabase;
import dev.octet.router.repository.DirectoryStore;
import dev.octet.router.repository.MoveStore;
import dev.octet.router.sharding.KeyType;
import dev.octet.router.sharding.PartitionGate;
import dev.octet.router.sharding.TableKind;
import dev.octet.router.sharding.TableRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Moves one virtual partition to another shard while the router keeps serving:
 * <ol>
 * <li>a trigger on the source records the keys of rows of the partition that change from now on;</li>
 * <li>the partition's rows are copied from a snapshot into an open transaction on the target;</li>
 * <li>recorded changes are re-copied (catch-up) until few remain;</li>
 * <li>writes to that partition alone pause, and the router waits for transactions that wrote it;</li>
 * <li>the last changes are copied, then — while no statement touches sharded data, a moment — the
 *     target commits, the source's copy is deleted and the directory points at the target.</li>
 * </ol>
 * Only the moved partition's rows travel. The move's state is durable, so a crash mid-move is
 * finished or undone when the router starts again.
 */
public final class PartitionMover {

    private static final Logger LOG = Logger.getLogger(PartitionMover.class);
    private static final int CATCH_UP_ROUNDS = 20;
    private static final int SMALL_ENOUGH = 50;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    /** What a move did. */
    public record Report(int partition, int sourceShard, int targetShard, long rowsCopied, long changesApplied,
                         long writePauseMillis, long totalMillis) {
    }

    /** A sharded table as the move handles it. */
    private record MovedTable(String name, String keyColumn, KeyType keyType, List<String> primaryKey) {
        String quotedName() {
            return quote(name);
        }
    }

    private final ShardedDatabase database;
    private final DirectoryStore directoryStore;
    private final MoveStore moves;

    public PartitionMover(ShardedDatabase database, DirectoryStore directoryStore, MoveStore moves) {
        this.database = database;
        this.directoryStore = directoryStore;
        this.moves = moves;
    }

    public synchronized Report move(int partition, int target) throws SQLException, IOException, InterruptedException {
        int partitions = database.directory().partitions();
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("There is no virtual partition " + partition + " (0.." + (partitions - 1) + ")");
        }
        if (target < 0 || target >= database.shards().count()) {
            throw new IllegalArgumentException("There is no shard " + target + " (0.." + (database.shards().count() - 1) + ")");
        }
        int source = database.directory().shardOf(partition);
        long started = System.nanoTime();
        if (source == target) {
            return new Report(partition, source, target, 0, 0, 0, 0);
        }
        PartitionGate gate = database.gate();
        try (Connection sourceDb = connect(source); Connection targetDb = connect(target)) {
            List<MovedTable> tables = tables(sourceDb);
            moves.record(partition, source, target, MoveStore.COPYING);
            gate.startMove();
            boolean cutOver = false;
            try {
                installCapture(sourceDb, tables, partition);
                targetDb.setAutoCommit(false);
                long copied = 0;
                for (MovedTable table : tables) {
                    try (Statement statement = targetDb.createStatement()) {
                        statement.executeUpdate("delete from " + table.quotedName() + " where " + inPartition(table, partition));
                    }
                }
                copied += snapshotCopy(sourceDb, targetDb, tables, partition);
                long changes = 0;
                for (int round = 0; round < CATCH_UP_ROUNDS; round++) {
                    long applied = catchUp(sourceDb, targetDb, tables, partition);
                    changes += applied;
                    if (applied < SMALL_ENOUGH) {
                        break;
                    }
                }
                long pauseStarted = System.nanoTime();
                gate.pauseAndDrain(partition, DRAIN_TIMEOUT);
                long applied;
                while ((applied = catchUp(sourceDb, targetDb, tables, partition)) > 0) {
                    changes += applied;
                }
                SQLException[] failure = new SQLException[1];
                gate.exclusively(() -> {
                    try {
                        cutOver(sourceDb, targetDb, tables, partition, source, target);
                    } catch (SQLException e) {
                        failure[0] = e;
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
                cutOver = true;
                long pause = (System.nanoTime() - pauseStarted) / 1_000_000;
                LOG.infof("Moved partition %d from shard %d to shard %d: %d rows copied, %d changes caught up, "
                        + "writes paused %d ms", partition, source, target, copied, changes, pause);
                return new Report(partition, source, target, copied, changes, pause,
                        (System.nanoTime() - started) / 1_000_000);
            } finally {
                if (!cutOver) {
                    rollbackQuietly(targetDb);
                    moves.finished(partition);
                }
                removeCapture(sourceDb, tables);
                gate.endMove();
            }
        }
    }

    private void cutOver(Connection sourceDb, Connection targetDb, List<MovedTable> tables, int partition, int source,
                         int target) throws SQLException {
        targetDb.commit();
        moves.record(partition, source, target, MoveStore.TARGET_COMMITTED);
        finishOnSource(sourceDb, tables, partition);
        directoryStore.assign(partition, target);
        database.directory().assign(partition, target);
        moves.finished(partition);
    }

    private void finishOnSource(Connection sourceDb, List<MovedTable> tables, int partition) throws SQLException {
        sourceDb.setAutoCommit(false);
        try (Statement statement = sourceDb.createStatement()) {
            for (MovedTable table : tables) {
                statement.executeUpdate("delete from " + table.quotedName() + " where " + inPartition(table, partition));
            }
            sourceDb.commit();
        } catch (SQLException e) {
            sourceDb.rollback();
            throw e;
        } finally {
            sourceDb.setAutoCommit(true);
        }
    }

    /** Finishes or undoes moves a previous run of the router left half done. */
    public void recoverUnfinished() throws SQLException {
        for (MoveStore.Move move : moves.unfinished()) {
            try (Connection sourceDb = connect(move.source()); Connection targetDb = connect(move.target())) {
                List<MovedTable> tables = tables(sourceDb);
                removeCapture(sourceDb, tables);
                if (MoveStore.TARGET_COMMITTED.equals(move.state())) {
                    finishOnSource(sourceDb, tables, move.partition());
                    directoryStore.assign(move.partition(), move.target());
                    database.directory().assign(move.partition(), move.target());
                    LOG.infof("Finished the interrupted move of partition %d to shard %d", move.partition(), move.target());
                } else {
                    for (MovedTable table : tables) {
                        try (Statement statement = targetDb.createStatement()) {
                            statement.executeUpdate("delete from " + table.quotedName() + " where "
                                    + inPartition(table, move.partition()));
                        }
                    }
                    LOG.infof("Undid the interrupted move of partition %d to shard %d", move.partition(), move.target());
                }
                moves.finished(move.partition());
            }
        }
    }

    private List<MovedTable> tables(Connection sourceDb) throws SQLException {
        TableRegistry registry = database.tables();
        List<MovedTable> tables = new ArrayList<>();
        for (TableRegistry.Declaration declaration : registry.declarations().values()) {
            if (declaration.kind() != TableKind.SHARDED) {
                continue;
            }
            var keyType = registry.keyType(declaration.table());
            if (keyType.isEmpty()) {
                continue;
            }
            List<String> primaryKey = primaryKey(sourceDb, declaration.table());
            if (primaryKey.isEmpty()) {
                throw new IllegalStateException("Sharded table " + declaration.table()
                        + " has no primary key, so its changes cannot be caught up during a move");
            }
            tables.add(new MovedTable(declaration.table(), declaration.keyColumn(), keyType.get(), primaryKey));
        }
        return tables;
    }

    private static List<String> primaryKey(Connection db, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement("select a.attname from pg_index i join pg_attribute a "
                + "on a.attrelid = i.indrelid and a.attnum = any(i.indkey) where i.indrelid = to_regclass(?) "
                + "and i.indisprimary order by array_position(i.indkey::int[], a.attnum::int)")) {
            statement.setString(1, quote(table));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
        }
        return columns;
    }

    private String partitionOf(MovedTable table, String column) {
        return table.keyType().partitionSql(column, database.directory().partitions());
    }

    private String inPartition(MovedTable table, int partition) {
        return partitionOf(table, quote(table.keyColumn())) + " = " + partition;
    }

    private void installCapture(Connection sourceDb, List<MovedTable> tables, int partition) throws SQLException {
        try (Statement statement = sourceDb.createStatement()) {
            statement.execute("create schema if not exists octet_router");
            statement.execute("create table if not exists octet_router.move_change (seq bigserial primary key, "
                    + "table_name text not null, row_key jsonb not null)");
            statement.execute("truncate octet_router.move_change");
            for (MovedTable table : tables) {
                String keyObject = "jsonb_build_object(" + String.join(", ", table.primaryKey().stream()
                        .map(c -> "'" + c.replace("'", "''") + "', %1$s." + quote(c)).toList()) + ")";
                String function = quote("octet_router") + "." + quote("capture_" + table.name());
                statement.execute("create or replace function " + function + "() returns trigger language plpgsql as $f$"
                        + " begin"
                        + " if tg_op <> 'DELETE' and " + partitionOf(table, "new." + quote(table.keyColumn())) + " = "
                        + partition + " then insert into octet_router.move_change (table_name, row_key) values ('"
                        + table.name().replace("'", "''") + "', " + String.format(keyObject, "new") + "); end if;"
                        + " if tg_op <> 'INSERT' and " + partitionOf(table, "old." + quote(table.keyColumn())) + " = "
                        + partition + " then insert into octet_router.move_change (table_name, row_key) values ('"
                        + table.name().replace("'", "''") + "', " + String.format(keyObject, "old") + "); end if;"
                        + " return null; end $f$");
                statement.execute("drop trigger if exists octet_move_capture on " + table.quotedName());
                statement.execute("create trigger octet_move_capture after insert or update or delete on "
                        + table.quotedName() + " for each row execute function " + function + "()");
            }
        }
    }

    private static void removeCapture(Connection sourceDb, List<MovedTable> tables) {
        try (Statement statement = sourceDb.createStatement()) {
            if (!sourceDb.getAutoCommit()) {
                sourceDb.rollback();
                sourceDb.setAutoCommit(true);
            }
            for (MovedTable table : tables) {
                statement.execute("drop trigger if exists octet_move_capture on " + table.quotedName());
                statement.execute("drop function if exists " + quote("octet_router") + "."
                        + quote("capture_" + table.name()) + "()");
            }
            statement.execute("drop table if exists octet_router.move_change");
        } catch (SQLException e) {
            LOG.warnf("Could not remove the change capture of a partition move: %s", e.getMessage());
        }
    }

    private long snapshotCopy(Connection sourceDb, Connection targetDb, List<MovedTable> tables, int partition)
            throws SQLException, IOException {
        long rows = 0;
        sourceDb.setAutoCommit(false);
        sourceDb.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            for (MovedTable table : tables) {
                rows += copy(sourceDb, targetDb, table, "select * from " + table.quotedName() + " where "
                        + partitionOf(table, quote(table.keyColumn())) + " = " + partition);
            }
            sourceDb.commit();
        } finally {
            sourceDb.setAutoCommit(true);
            sourceDb.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
        return rows;
    }

    /** Applies the changes recorded so far: each changed row is copied again as it is now (or is gone). */
    private long catchUp(Connection sourceDb, Connection targetDb, List<MovedTable> tables, int partition)
            throws SQLException, IOException {
        Map<String, List<String>> keysByTable = new LinkedHashMap<>();
        try (Statement statement = sourceDb.createStatement();
             ResultSet rows = statement.executeQuery("delete from octet_router.move_change returning table_name, row_key")) {
            while (rows.next()) {
                keysByTable.computeIfAbsent(rows.getString(1), t -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        long applied = 0;
        for (MovedTable table : tables) {
            List<String> keys = keysByTable.get(table.name());
            if (keys == null) {
                continue;
            }
            String json = "[" + String.join(",", keys) + "]";
            String pk = String.join(", ", table.primaryKey().stream().map(PartitionMover::quote).toList());
            String matching = "(" + pk + ") in (select " + pk + " from jsonb_populate_recordset(null::"
                    + table.quotedName() + ", '" + json.replace("'", "''") + "'::jsonb))";
            try (Statement statement = targetDb.createStatement()) {
                statement.executeUpdate("delete from " + table.quotedName() + " where " + matching);
            }
            copy(sourceDb, targetDb, table, "select * from " + table.quotedName() + " where " + matching + " and "
                    + partitionOf(table, quote(table.keyColumn())) + " = " + partition);
            applied += keys.size();
        }
        return applied;
    }

    private static long copy(Connection sourceDb, Connection targetDb, MovedTable table, String query)
            throws SQLException, IOException {
        CopyManager from = sourceDb.unwrap(PGConnection.class).getCopyAPI();
        CopyManager into = targetDb.unwrap(PGConnection.class).getCopyAPI();
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        from.copyOut("copy (" + query + ") to stdout (format binary)", rows);
        return into.copyIn("copy " + table.quotedName() + " from stdin (format binary)",
                new ByteArrayInputStream(rows.toByteArray()));
    }

    private Connection connect(int shard) throws SQLException {
        ShardPool pool = database.shards().pool(shard);
        Properties properties = new Properties();
        properties.setProperty("user", pool.user());
        properties.setProperty("password", pool.password());
        properties.setProperty("ApplicationName", "octet-query-router-mover");
        return DriverManager.getConnection(pool.address().jdbcUrl(), properties);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    static String quote(String identifier) {
        if (identifier.contains(".")) {
            String[] parts = identifier.split("\\.", 2);
            return quote(parts[0]) + "." + quote(parts[1]);
        }
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
