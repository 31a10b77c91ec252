/**
 * The server side of the proxy, as PgBouncer calls it: connections from the router to the shards, their
 * log-in, pools and health, the event loops and workers that carry every connection, and the client
 * session's settings that a shard connection is brought to before a statement runs on it.
 */
package dev.octet.router.backend;
