package dev.octet.router.runtime;

import dev.octet.router.admin.PartitionMover;
import dev.octet.router.auth.Credentials;
import dev.octet.router.backend.EventLoops;
import dev.octet.router.backend.ShardAddress;
import dev.octet.router.backend.ShardConnection;
import dev.octet.router.backend.ShardConnector;
import dev.octet.router.backend.ShardPool;
import dev.octet.router.backend.Shards;
import dev.octet.router.execution.QueryStats;
import dev.octet.router.execution.ShardedDatabase;
import dev.octet.router.frontend.PgServer;
import dev.octet.router.frontend.ServerSettings;
import dev.octet.router.planner.QueryPlanner;
import dev.octet.router.protocol.DataRow;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.repository.CoordinatorLog;
import dev.octet.router.repository.DirectoryStore;
import dev.octet.router.repository.MetadataDatabase;
import dev.octet.router.repository.MoveStore;
import dev.octet.router.sharding.PartitionDirectory;
import dev.octet.router.sharding.PartitionGate;
import dev.octet.router.sharding.TableKind;
import dev.octet.router.sharding.TableRegistry;
import dev.octet.router.transaction.DeadlockDetector;
import dev.octet.router.transaction.TransactionRecovery;
import dev.octet.router.transaction.TwoPhaseCommit;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Assembles a running router from plain settings: pools, metadata, directory, recovery, and the
 * PostgreSQL endpoint. Quarkus uses it at start-up; tests can use it directly.
 */
public final class RouterBuilder {

    /** The assembled router. */
    public record Router(ShardedDatabase database, PgServer server, MetadataDatabase metadata,
                         DirectoryStore directoryStore, TransactionRecovery recovery, PartitionMover mover,
                         DeadlockDetector deadlockDetector, ScheduledExecutorService supervisor,
                         EventLoops loops) implements AutoCloseable {
        @Override
        public void close() {
            supervisor.shutdownNow();
            server.close();
            deadlockDetector.close();
            database.shards().close();
            metadata.close();
            loops.close();
        }
    }

    private String host = "127.0.0.1";
    private int port = 6432;
    private String database = "octet";
    private List<String> shards = List.of();
    private String shardUser = "octet";
    private String shardPassword = "octet";
    private int poolSize = 32;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration acquireTimeout = Duration.ofSeconds(10);
    private int partitions = 64;
    private String sharded = "";
    private String shardLocal = "";
    private String reference = "";
    private String authMethod = "scram-sha-256";
    private String users = "octet:octet";
    private String metadataUrl;
    private String instance = "router";
    private Duration moveWriteWait = Duration.ofSeconds(30);
    private int maxMessageLength = 64 * 1024 * 1024;
    private int maxSessions = 500;
    private int eventLoops = EventLoops.defaultCount();
    private Path shardSocketDirectory;
    private Duration deadlockDetectionInterval = Duration.ofSeconds(1);
    private Duration statementTimeout = Duration.ofMinutes(5);
    private Duration idleInTransactionTimeout = Duration.ofMinutes(2);
    private Duration shardConnectionCheckInterval = Duration.ofSeconds(2);

    public RouterBuilder host(String value) { host = value; return this; }
    public RouterBuilder port(int value) { port = value; return this; }
    public RouterBuilder database(String value) { database = value; return this; }
    public RouterBuilder shards(List<String> value) { shards = List.copyOf(value); return this; }
    public RouterBuilder shardCredentials(String user, String password) { shardUser = user; shardPassword = password; return this; }
    public RouterBuilder poolSize(int value) { poolSize = value; return this; }
    public RouterBuilder connectTimeout(Duration value) { connectTimeout = value; return this; }
    public RouterBuilder acquireTimeout(Duration value) { acquireTimeout = value; return this; }
    public RouterBuilder virtualPartitions(int value) { partitions = value; return this; }
    public RouterBuilder shardedTables(String value) { sharded = value; return this; }
    public RouterBuilder shardLocalTables(String value) { shardLocal = value; return this; }
    public RouterBuilder referenceTables(String value) { reference = value; return this; }
    public RouterBuilder auth(String method, String userList) { authMethod = method; users = userList; return this; }
    public RouterBuilder metadataUrl(String value) { metadataUrl = value; return this; }
    public RouterBuilder instance(String value) { instance = value; return this; }
    public RouterBuilder moveWriteWait(Duration value) { moveWriteWait = value; return this; }
    public RouterBuilder maxMessageLength(int value) { maxMessageLength = value; return this; }
    public RouterBuilder maxSessions(int value) { maxSessions = value; return this; }
    public RouterBuilder eventLoops(int value) { eventLoops = value; return this; }
    public RouterBuilder shardSocketDirectory(Path value) { shardSocketDirectory = value; return this; }
    public RouterBuilder deadlockDetectionInterval(Duration value) { deadlockDetectionInterval = value; return this; }
    public RouterBuilder timeouts(Duration statement, Duration idleInTransaction) {
        statementTimeout = statement;
        idleInTransactionTimeout = idleInTransaction;
        return this;
    }
    public RouterBuilder shardConnectionCheckInterval(Duration value) { shardConnectionCheckInterval = value; return this; }

    public Router start() throws SQLException, InterruptedException {
        if (shards.isEmpty()) {
            throw new IllegalStateException("octet.router.shards lists no shard");
        }
        EventLoops loops = new EventLoops(eventLoops);
        try {
            return start(loops);
        } catch (SQLException | InterruptedException | RuntimeException e) {
            loops.close();
            throw e;
        }
    }

    private Router start(EventLoops loops) throws SQLException, InterruptedException {
        Map<String, String> shardSettings = shardConnectionCheckInterval.isZero() ? Map.of()
                : Map.of("client_connection_check_interval", Long.toString(shardConnectionCheckInterval.toMillis()));
        ShardConnector connector = new ShardConnector(loops, shardSocketDirectory, shardSettings);
        List<ShardPool> pools = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
            pools.add(new ShardPool(connector, ShardAddress.parse(i, shards.get(i)), shardUser, shardPassword, poolSize,
                    connectTimeout, acquireTimeout));
        }
        Shards shardSet = new Shards(pools);
        MetadataDatabase metadata = new MetadataDatabase(metadataUrl != null ? metadataUrl
                : pools.get(0).address().jdbcUrl(), shardUser, shardPassword, 4);
        metadata.migrate();
        DirectoryStore directoryStore = new DirectoryStore(metadata);
        int[] stored = directoryStore.load(partitions);
        if (stored == null) {
            stored = directoryStore.initialize(PartitionDirectory.roundRobin(partitions, shards.size()).snapshot());
        }
        PartitionDirectory directory = new PartitionDirectory(stored, shards.size());
        TableRegistry tables = new TableRegistry(table -> readColumns(shardSet, table));
        tables.declareSharded(sharded);
        tables.declare(shardLocal, TableKind.SHARD_LOCAL);
        tables.declare(reference, TableKind.REFERENCE);
        CoordinatorLog log = new CoordinatorLog(metadata, instance);
        TwoPhaseCommit twoPhaseCommit = new TwoPhaseCommit(log);
        PartitionGate gate = new PartitionGate(moveWriteWait);
        ShardedDatabase sharedState = new ShardedDatabase(shardSet, tables, directory, new QueryPlanner(tables),
                twoPhaseCommit, gate, new QueryStats());
        TransactionRecovery recovery = new TransactionRecovery(shardSet, log, twoPhaseCommit);
        recovery.recover();
        PartitionMover mover = new PartitionMover(sharedState, directoryStore, new MoveStore(metadata));
        mover.recoverUnfinished();
        PgServer server = new PgServer(sharedState, new ServerSettings(host, port, database, Credentials.parse(users),
                authMethod, maxMessageLength, maxSessions, statementTimeout, idleInTransactionTimeout), loops).start();
        DeadlockDetector detector = new DeadlockDetector(shardSet, sharedState.transactions());
        ScheduledExecutorService supervisor = Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("router-supervisor", true));
        if (!deadlockDetectionInterval.isZero()) {
            supervisor.scheduleWithFixedDelay(detector::run, deadlockDetectionInterval.toMillis(),
                    deadlockDetectionInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
        supervisor.scheduleWithFixedDelay(server::enforceTimeouts, 1, 1, TimeUnit.SECONDS);
        return new Router(sharedState, server, metadata, directoryStore, recovery, mover, detector, supervisor, loops);
    }

    /** A table's columns from the catalog of the first reachable shard (a look-up that waits: never on an event loop). */
    static List<TableRegistry.Column> readColumns(Shards shards, String table) {
        EventLoops.mayBlock("reading the catalog");
        String qualified = table.contains(".") ? table : "public." + table;
        String[] parts = qualified.split("\\.", 2);
        String regclass = "'" + quoteIdentifier(parts[0]).replace("'", "''") + "."
                + quoteIdentifier(parts[1]).replace("'", "''") + "'";
        String sql = "select a.attname, format_type(a.atttypid, null) from pg_attribute a where a.attrelid = "
                + "to_regclass(" + regclass + ") and a.attnum > 0 and not a.attisdropped order by a.attnum";
        RuntimeException failure = null;
        for (ShardPool pool : shards.pools()) {
            if (!pool.isHealthy()) {
                continue;
            }
            ShardConnection connection = null;
            try {
                connection = pool.acquire(null);
                List<TableRegistry.Column> columns = new ArrayList<>();
                for (PgMessage message : connection.simpleQuery(sql)) {
                    if (message.kind() == 'D') {
                        byte[][] row = DataRow.columns(message.payload());
                        columns.add(new TableRegistry.Column(new String(row[0], StandardCharsets.UTF_8),
                                new String(row[1], StandardCharsets.UTF_8)));
                    }
                }
                pool.release(connection);
                return columns;
            } catch (RuntimeException e) {
                if (connection != null) {
                    connection.markBroken();
                    pool.release(connection);
                }
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return List.of();
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
