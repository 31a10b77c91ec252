/**
 * Where rows live: PostgreSQL's own partition hash ({@code PgHash}, {@code KeyType}), the directory of
 * virtual partitions to shards, the table declarations (sharded, shard-local, reference) and the gate that
 * pauses writes to a partition while it moves.
 */
package dev.octet.router.sharding;
