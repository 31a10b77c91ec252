package dev.octet.router.execution;

import dev.octet.router.backend.Shards;
import dev.octet.router.execution.QueryStats;
import dev.octet.router.planner.QueryPlanner;
import dev.octet.router.sharding.PartitionDirectory;
import dev.octet.router.sharding.PartitionGate;
import dev.octet.router.sharding.TableRegistry;
import dev.octet.router.transaction.TransactionRegistry;
import dev.octet.router.transaction.TwoPhaseCommit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything sessions share: the shards and their pools, the table declarations, the partition
 * directory, the planner, the two-phase commit coordinator, the registry of open transactions, the
 * partition gate and the statistics.
 */
public final class ShardedDatabase {

    /** What a Describe of a statement answers: its ParameterDescription and RowDescription (or NoData). */
    public record Description(dev.octet.router.protocol.PgMessage parameters, dev.octet.router.protocol.PgMessage rows) {
    }

    private final Shards shards;
    private final TableRegistry tables;
    private final PartitionDirectory directory;
    private final QueryPlanner planner;
    private final TwoPhaseCommit twoPhaseCommit;
    private final PartitionGate gate;
    private final QueryStats stats;
    private final TransactionRegistry transactions = new TransactionRegistry();
    private final Map<String, Description> descriptions = new ConcurrentHashMap<>();

    public ShardedDatabase(Shards shards, TableRegistry tables, PartitionDirectory directory, QueryPlanner planner,
                           TwoPhaseCommit twoPhaseCommit, PartitionGate gate, QueryStats stats) {
        this.shards = shards;
        this.tables = tables;
        this.directory = directory;
        this.planner = planner;
        this.twoPhaseCommit = twoPhaseCommit;
        this.gate = gate;
        this.stats = stats;
    }

    public Shards shards() {
        return shards;
    }

    public TableRegistry tables() {
        return tables;
    }

    public PartitionDirectory directory() {
        return directory;
    }

    public QueryPlanner planner() {
        return planner;
    }

    public TwoPhaseCommit twoPhaseCommit() {
        return twoPhaseCommit;
    }

    /** The open sessions' transactions, for the deadlock detector. */
    public TransactionRegistry transactions() {
        return transactions;
    }

    public PartitionGate gate() {
        return gate;
    }

    public QueryStats stats() {
        return stats;
    }

    Description cachedDescription(String key) {
        return descriptions.get(key);
    }

    void cacheDescription(String key, Description description) {
        if (descriptions.size() > 20_000) {
            descriptions.clear();
        }
        descriptions.put(key, description);
    }

    /** After DDL: plans and descriptions may have changed. */
    public void schemaChanged() {
        planner.invalidate();
        descriptions.clear();
    }

    /** The first shard that is not known to be down (0 if all are). */
    public int healthyShard() {
        for (int shard = 0; shard < shards.count(); shard++) {
            if (shards.pool(shard).isHealthy()) {
                return shard;
            }
        }
        return 0;
    }
}
