package dev.octet.router.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The router's configuration: {@code octet.router.*} in application.properties, or OCTET_ROUTER_* variables. */
@ConfigMapping(prefix = "octet.router")
public interface RouterConfig {

    /** Address the PostgreSQL endpoint listens on. */
    @WithDefault("0.0.0.0")
    String host();

    /** Port of the PostgreSQL endpoint. */
    @WithDefault("6432")
    int port();

    /** The database name clients connect to. */
    @WithDefault("octet")
    String database();

    /** The shards, in order, each host:port/database; their order is their index in the partition directory. */
    List<String> shards();

    /** The user the router logs in to the shards as. */
    @WithDefault("octet")
    String shardUser();

    @WithDefault("octet")
    String shardPassword();

    /** Connections to each shard. */
    @WithDefault("32")
    int poolSize();

    @WithDefault("PT2S")
    Duration connectTimeout();

    /** How long a statement waits for a free shard connection. */
    @WithDefault("PT10S")
    Duration acquireTimeout();

    /** Virtual partitions: fixed for the life of the data. */
    @WithDefault("64")
    int virtualPartitions();

    Tables tables();

    Auth auth();

    /** JDBC URL of the database holding the coordinator log and the directory (default: the first shard's). */
    Optional<String> metadataUrl();

    /** This router's name in prepared-transaction ids: unique per router instance sharing the shards. */
    @WithDefault("router")
    String instanceId();

    /** How often in-doubt two-phase commits are looked for again. */
    @WithDefault("PT30S")
    Duration recoveryInterval();

    @WithDefault("PT5S")
    Duration healthInterval();

    /** How long a write waits while its partition is paused by a move. */
    @WithDefault("PT30S")
    Duration moveWriteWait();

    @WithDefault("67108864")
    int maxMessageLength();

    @WithDefault("500")
    int maxClientConnections();

    /**
     * When the shards run on the router's machine: the directory of their Unix-domain sockets (their
     * unix_socket_directories), which pooled connections then use instead of TCP. Administrative JDBC
     * connections (metadata, partition moves) keep using host:port.
     */
    Optional<String> shardSocketDirectory();

    /** Event-loop threads carrying the client and shard connections (default: one per core). */
    Optional<Integer> eventLoops();

    /**
     * How often the distributed deadlock detector reads the shards' lock waits; a deadlock is broken
     * after it has been seen twice, so within about two intervals (0: no detection).
     */
    @WithDefault("PT1S")
    Duration deadlockDetectionInterval();

    /**
     * The longest a unit of work (a Query message, or extended-protocol messages up to Sync) may run
     * before the router cancels it on the shards (57014): the last line of defence against a
     * statement that waits for ever (0: no limit). Clients can still set PostgreSQL's own
     * statement_timeout, which the router passes to the shards.
     */
    @WithDefault("PT5M")
    Duration statementTimeout();

    /** The longest a session may sit idle inside a transaction block before the router closes it (25P03; 0: no limit). */
    @WithDefault("PT2M")
    Duration idleInTransactionTimeout();

    /**
     * PostgreSQL's client_connection_check_interval for the router's shard connections: how soon a
     * shard backend notices that the router went away while it waits (for a lock, say) and rolls back
     * (0: not set; PostgreSQL 14 and later).
     */
    @WithDefault("PT2S")
    Duration shardConnectionCheckInterval();

    /** Table declarations. */
    interface Tables {
        /** table:key_column,... spread by the hash of the key. */
        Optional<String> sharded();

        /** table,... kept per shard, written where the transaction works (an outbox). */
        Optional<String> shardLocal();

        /** table,... copied to every shard (anything undeclared is a reference table too). */
        Optional<String> reference();
    }

    /** Client authentication. */
    interface Auth {
        /** scram-sha-256 or md5. */
        @WithDefault("scram-sha-256")
        String method();

        /** user:password,... (a password may be a SCRAM verifier or an md5 hash). */
        @WithDefault("octet:octet")
        String users();
    }
}
