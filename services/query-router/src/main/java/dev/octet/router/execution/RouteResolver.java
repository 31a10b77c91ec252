package dev.octet.router.execution;

import dev.octet.router.planner.KeyGroup;
import dev.octet.router.planner.Plan;
import dev.octet.router.planner.ValueRef;
import dev.octet.router.protocol.Formats;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.SqlState;
import dev.octet.router.sharding.KeyType;
import dev.octet.router.sharding.PartitionDirectory;
import dev.octet.router.transaction.ClientTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/** Turns a plan and its parameter values into the shards (and virtual partitions) it needs. */
final class RouteResolver {

    /**
     * @param shards the shards, in order
     * @param partitions the virtual partitions the key values fall in (empty when not keyed)
     * @param rowShards for a multi-row INSERT into a sharded table, the shard of each row (else null)
     */
    record Route(List<Integer> shards, List<Integer> partitions, int[] rowShards) {
        int single() {
            return shards.get(0);
        }
    }

    private static final AtomicInteger ROUND_ROBIN = new AtomicInteger();

    private final ShardedDatabase database;

    RouteResolver(ShardedDatabase database) {
        this.database = database;
    }

    Route resolve(Plan.Routed plan, BoundParameters parameters, ClientTransaction transaction) {
        int shardCount = database.shards().count();
        return switch (plan.target()) {
            case ANY -> new Route(List.of(anyShard(transaction)), List.of(), null);
            case ALL, BROADCAST -> new Route(allShards(shardCount), List.of(), null);
            case FOLLOW_TRANSACTION -> {
                int home = transaction.homeShard();
                yield new Route(List.of(home >= 0 ? home : nextHealthyShard(shardCount)), List.of(), null);
            }
            case TRANSACTION_SHARDS -> {
                List<Integer> own = transaction.dataShards();
                yield new Route(own.isEmpty() ? allShards(shardCount) : own, List.of(), null);
            }
            case KEYED -> keyed(plan, parameters, transaction);
        };
    }

    private int anyShard(ClientTransaction transaction) {
        if (transaction.pinnedConnection() != null) {
            return transaction.pinnedConnection().shard();
        }
        int first = transaction.firstShard();
        return first >= 0 ? first : database.healthyShard();
    }

    /** The shards in turn, passing over those known to be down (all of them, if every one is). */
    private int nextHealthyShard(int shardCount) {
        int start = Math.floorMod(ROUND_ROBIN.getAndIncrement(), shardCount);
        for (int i = 0; i < shardCount; i++) {
            int shard = (start + i) % shardCount;
            if (database.shards().pool(shard).isHealthy()) {
                return shard;
            }
        }
        return start;
    }

    private static List<Integer> allShards(int count) {
        List<Integer> all = new ArrayList<>(count);
        for (int shard = 0; shard < count; shard++) {
            all.add(shard);
        }
        return all;
    }

    private Route keyed(Plan.Routed plan, BoundParameters parameters, ClientTransaction transaction) {
        PartitionDirectory directory = database.directory();
        TreeSet<Integer> partitions = new TreeSet<>();
        List<TreeSet<Integer>> shardsOfGroups = new ArrayList<>();
        for (KeyGroup group : plan.keyGroups()) {
            Optional<KeyType> keyType = database.tables().keyType(group.table());
            if (keyType.isEmpty()) {
                // The table does not exist (yet): one shard answers with PostgreSQL's own error.
                return new Route(List.of(anyShard(transaction)), List.of(), null);
            }
            TreeSet<Integer> shards = new TreeSet<>();
            for (ValueRef value : group.values()) {
                int partition = partition(keyType.get(), value, plan, parameters, directory);
                partitions.add(partition);
                shards.add(directory.shardOf(partition));
            }
            shardsOfGroups.add(shards);
        }
        TreeSet<Integer> union = new TreeSet<>();
        shardsOfGroups.forEach(union::addAll);
        if (shardsOfGroups.size() > 1 && union.size() > 1) {
            throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, plan.multiShardRefusal());
        }
        int[] rowShards = null;
        if (plan.insertKeys().size() > 1 && union.size() > 1) {
            KeyType keyType = database.tables().keyType(plan.table()).orElseThrow();
            rowShards = new int[plan.insertKeys().size()];
            for (int row = 0; row < rowShards.length; row++) {
                rowShards[row] = directory.shardOf(partition(keyType, plan.insertKeys().get(row), plan, parameters,
                        directory));
            }
        }
        return new Route(List.copyOf(union), List.copyOf(partitions), rowShards);
    }

    private static int partition(KeyType type, ValueRef value, Plan.Routed plan, BoundParameters parameters,
                                 PartitionDirectory directory) {
        if (value.isNull()) {
            return directory.partitionOfNull();
        }
        if (value.literal() != null) {
            return directory.partitionOf(type.hashText(value.literal()));
        }
        int number = value.parameter();
        if (number > plan.explicitParameters()) {
            return directory.partitionOf(type.hashText(plan.literals().get(number - plan.explicitParameters() - 1)));
        }
        if (number > parameters.count()) {
            throw new PgException(SqlState.PROTOCOL_VIOLATION, "bind message supplies " + parameters.count()
                    + " parameters, but the statement uses $" + number);
        }
        byte[] bytes = parameters.value(number);
        if (bytes == null) {
            return directory.partitionOfNull();
        }
        return directory.partitionOf(parameters.format(number) == Formats.BINARY ? type.hashBinary(bytes)
                : type.hashText(parameters.text(number)));
    }
}
