package dev.octet.router.sharding;

/** How a table's rows are spread over the shards. */
public enum TableKind {
    /** Rows spread by the hash of a key column over the virtual partitions. */
    SHARDED,
    /** A full copy on every shard: reads go to one, writes to all (atomically). */
    REFERENCE,
    /**
     * Each shard keeps its own rows: a row is written to the shard the transaction already works on,
     * and reads gather every shard's rows (for an outbox next to the data it announces).
     */
    SHARD_LOCAL
}
