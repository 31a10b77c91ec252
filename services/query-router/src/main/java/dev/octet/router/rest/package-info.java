/**
 * The admin HTTP API (shards, partitions, moves, tables and key locations, query statistics,
 * transactions, recovery) and the readiness check. Thin: the work is in {@code admin} and {@code runtime}.
 */
package dev.octet.router.rest;
