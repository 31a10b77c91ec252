package dev.octet.router.planner;

/** Which shards a statement goes to, before its parameters are known. */
public enum Target {
    /** One shard will do: reference tables, the catalog, functions. */
    ANY,
    /** Every shard. */
    ALL,
    /** The shards of the key values of {@link KeyGroup}s. */
    KEYED,
    /** Every shard, atomically: a write to a reference table. */
    BROADCAST,
    /** The shard the transaction already works on (an insert into a shard-local table). */
    FOLLOW_TRANSACTION,
    /**
     * The shards the transaction already works on, or every shard if it works on none yet: reads and
     * changes of a shard-local table, whose rows belong to the shard they were written on.
     */
    TRANSACTION_SHARDS
}
