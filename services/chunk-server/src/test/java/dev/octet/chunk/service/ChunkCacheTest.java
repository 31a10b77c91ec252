package dev.octet.chunk.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.chunk.config.ChunkServerConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChunkCacheTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final ChunkCache cache = new ChunkCache(config(400), metrics);

    @Test
    void admitsAChunkOnlyOnItsSecondRead() {
        UUID chunk = UUID.randomUUID();
        assertThat(cache.admits(chunk, 10)).isFalse();
        assertThat(cache.admits(chunk, 10)).isTrue();
    }

    @Test
    void neverAdmitsChunksBiggerThanAQuarterOfTheCache() {
        UUID chunk = UUID.randomUUID();
        cache.admits(chunk, 101);
        assertThat(cache.admits(chunk, 101)).isFalse();
    }

    @Test
    void evictsTheLeastRecentlyUsedChunkToStayWithinItsSize() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        UUID e = UUID.randomUUID();
        cache.put(a, new byte[100]);
        cache.put(b, new byte[100]);
        cache.put(c, new byte[100]);
        cache.put(d, new byte[100]);
        assertThat(cache.get(a)).isNotNull(); // a is now the most recently used
        cache.put(e, new byte[100]);

        assertThat(cache.get(b)).isNull();
        assertThat(cache.get(a)).isNotNull();
        assertThat(cache.bytes()).isEqualTo(400);
        assertThat(metrics.counter("octet.chunk.cache.hits").count()).isEqualTo(2);
        assertThat(metrics.counter("octet.chunk.cache.misses").count()).isEqualTo(1);
        assertThat(metrics.counter("octet.chunk.cache.evictions").count()).isEqualTo(1);
    }

    private static ChunkServerConfig config(long cacheBytes) {
        return new ChunkServerConfig() {
            public String serverId() { return "test"; }
            public String advertisedUrl() { return "http://127.0.0.1"; }
            public String bucket() { return "test"; }
            public MemorySize capacity() { return new MemorySize(BigInteger.valueOf(1 << 30)); }
            public int replicationThreads() { return 1; }
            public java.time.Duration heartbeatInterval() { return java.time.Duration.ofSeconds(1); }
            public java.time.Duration blockReportInterval() { return java.time.Duration.ofSeconds(60); }
            public java.time.Duration blockReportDelay() { return java.time.Duration.ofSeconds(3); }
            public Cache cache() { return () -> new MemorySize(BigInteger.valueOf(cacheBytes)); }
        };
    }
}
