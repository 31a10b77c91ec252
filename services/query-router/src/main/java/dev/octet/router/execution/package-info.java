/**
 * Runs one routed statement for a session: on one shard (relayed as it comes, on the event loop when
 * nothing must wait) or on several (in shard order for writes, merged for reads), COPY, and the per-shape
 * statistics; {@code ShardedDatabase} is what every session shares.
 */
package dev.octet.router.execution;
