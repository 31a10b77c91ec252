package dev.octet.chunk.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The client-facing /files API every chunk server offers. */
@ConfigMapping(prefix = "octet.files")
public interface FrontDoorConfig {

    /** Larger uploads are refused with 413. */
    @WithDefault("16G")
    MemorySize maxFileSize();

    /** How often a writer renews its lease and reports its progress. */
    @WithDefault("1s")
    Duration progressInterval();

    /** A replica that takes nothing for this long during a chunk write is dropped from the write. */
    @WithDefault("30s")
    Duration stallTimeout();

    /** The longest a chunk transfer between chunk servers may take. */
    @WithDefault("5m")
    Duration transferTimeout();
}
