package dev.octet.router.sharding;

import java.util.Arrays;

/**
 * The map from virtual partition to shard. Its size is fixed for the life of the data; moving a
 * partition changes one entry, so only that partition's rows move.
 */
public final class PartitionDirectory {

    private volatile int[] shardOfPartition;
    private final int shardCount;

    public PartitionDirectory(int[] shardOfPartition, int shardCount) {
        for (int shard : shardOfPartition) {
            if (shard < 0 || shard >= shardCount) {
                throw new IllegalStateException("The partition directory names shard " + shard + " but only "
                        + shardCount + " shards are configured");
            }
        }
        this.shardOfPartition = shardOfPartition.clone();
        this.shardCount = shardCount;
    }

    /** Partition p on shard p mod N: the layout of a fresh cluster. */
    public static PartitionDirectory roundRobin(int partitions, int shardCount) {
        int[] map = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            map[p] = p % shardCount;
        }
        return new PartitionDirectory(map, shardCount);
    }

    public int partitions() {
        return shardOfPartition.length;
    }

    public int shardCount() {
        return shardCount;
    }

    public int shardOf(int partition) {
        return shardOfPartition[partition];
    }

    /** The partition of a key whose PostgreSQL column hash is {@code columnHash}. */
    public int partitionOf(long columnHash) {
        return PgHash.remainder(PgHash.partitionHash(columnHash), shardOfPartition.length);
    }

    /** The partition of a NULL key: PostgreSQL's hash of a row whose key is NULL is 0. */
    public int partitionOfNull() {
        return 0;
    }

    public synchronized void assign(int partition, int shard) {
        if (shard < 0 || shard >= shardCount) {
            throw new IllegalArgumentException("No shard " + shard);
        }
        int[] copy = shardOfPartition.clone();
        copy[partition] = shard;
        shardOfPartition = copy;
    }

    public int[] snapshot() {
        return shardOfPartition.clone();
    }

    @Override
    public String toString() {
        return Arrays.toString(shardOfPartition);
    }
}
