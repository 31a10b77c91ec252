package dev.octet.metadata.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The file system's policies, owned by the metadata service and handed to writers with each lease. */
@ConfigMapping(prefix = "octet.metadata")
public interface MetadataConfig {

    /** Bytes per chunk; the last chunk of a file may be shorter. */
    @WithDefault("8M")
    MemorySize chunkSize();

    /** How many replicas of each chunk the file system keeps. At least 2. */
    @WithDefault("3")
    int replicationFactor();

    /** How many replicas must have stored a chunk before a write of it succeeds. */
    @WithDefault("2")
    int writeQuorum();

    /** How long a writer's lease lasts without a renewal. */
    @WithDefault("60s")
    Duration leaseDuration();

    /** A chunk server silent for this long is dead. */
    @WithDefault("15s")
    Duration deadAfter();

    /**
     * How long chunks of a deleted, overwritten or aborted version are kept before their replicas are
     * deleted: a read that started on the old version finishes within this time.
     */
    @WithDefault("10m")
    Duration gcGrace();

    /** A copy ordered but not confirmed within this time is ordered again. */
    @WithDefault("60s")
    Duration replicationTimeout();

    /** At most this many chunks are repaired per round of the replication monitor. */
    @WithDefault("200")
    int replicationBatch();

    /** A deletion order a server has not confirmed within this time is sent again. */
    @WithDefault("30s")
    Duration deletionResendAfter();

    /**
     * A block report only proves a replica lost if the replica was recorded this long before the
     * listing started (allows for clock skew between the server and this service).
     */
    @WithDefault("10s")
    Duration blockReportMargin();

    /** How often the replication monitor looks for chunks with too few or too many replicas. */
    @WithDefault("2s")
    Duration replicationInterval();

    /** How often silent chunk servers are looked for. */
    @WithDefault("1s")
    Duration livenessInterval();

    /** How often expired leases are looked for. */
    @WithDefault("1s")
    Duration leaseCheckInterval();

    /** How often garbage is collected. */
    @WithDefault("2s")
    Duration gcInterval();
}
