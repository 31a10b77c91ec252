package dev.octet.chunk.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Who this chunk server is, where its replicas live, and how it talks to the metadata service. */
@ConfigMapping(prefix = "octet.chunk")
public interface ChunkServerConfig {

    /** Unique and stable: replicas are recorded against it. */
    String serverId();

    /** The URL other chunk servers reach this one at. */
    String advertisedUrl();

    /** This server's own bucket; created at start if missing. */
    String bucket();

    /** The space this server offers; placement prefers servers with more of it free. */
    @WithDefault("100G")
    MemorySize capacity();

    /** Chunk copies this server makes at once when the metadata service orders re-replication. */
    @WithDefault("2")
    int replicationThreads();

    /** How often this server tells the metadata service it is alive (and picks up its orders). */
    @WithDefault("1s")
    Duration heartbeatInterval();

    /** How often this server reports every chunk in its bucket. */
    @WithDefault("60s")
    Duration blockReportInterval();

    /** How soon after start the first block report goes out. */
    @WithDefault("3s")
    Duration blockReportDelay();

    Cache cache();

    interface Cache {

        /** Memory for hot chunks on the read path; 0 turns the cache off. */
        @WithDefault("32M")
        MemorySize maxSize();
    }
}
