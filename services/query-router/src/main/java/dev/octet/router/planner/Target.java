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
    /** The shard the transaction already uses (a write to a shard-local table). */
    FOLLOW_TRANSACTION
}
