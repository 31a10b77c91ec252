/**
 * The router's own durable state, in the metadata database over JDBC: the partition directory, the
 * two-phase commit coordinator log, and the state of partition moves.
 */
package dev.octet.router.repository;
