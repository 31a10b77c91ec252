/**
 * Distributed transactions: each client session's transaction across the shards it touched (unit
 * blocks, BEGIN/COMMIT, savepoints), two-phase commit and recovery of in-doubt transactions, and the
 * distributed deadlock detector over the registry of open transactions.
 */
package dev.octet.router.transaction;
