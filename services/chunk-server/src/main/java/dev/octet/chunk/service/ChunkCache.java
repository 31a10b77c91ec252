package dev.octet.chunk.service;

import dev.octet.chunk.config.ChunkServerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A bounded LRU cache of hot chunks on the read path. Chunk ids are never reused and chunks never
 * change, so a cached chunk is never stale. A chunk is only admitted on its second read (a tiny
 * doorkeeper remembers first reads), so one big sequential download cannot flush the hot set.
 * Entries are verified data: they come from reads whose checksums all passed.
 */
@ApplicationScoped
public class ChunkCache {

    private static final int DOORKEEPER_SIZE = 10_000;

    private final long maxBytes;
    private final long maxEntryBytes;
    private final LinkedHashMap<UUID, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final LinkedHashMap<UUID, Boolean> seenOnce = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > DOORKEEPER_SIZE;
        }
    };
    private long bytes;
    private final Counter hits;
    private final Counter misses;
    private final Counter evictions;

    public ChunkCache(ChunkServerConfig config, MeterRegistry metrics) {
        this.maxBytes = config.cache().maxSize().asLongValue();
        this.maxEntryBytes = maxBytes / 4;
        this.hits = Counter.builder("octet.chunk.cache.hits").description("Chunk reads served from memory").register(metrics);
        this.misses = Counter.builder("octet.chunk.cache.misses").description("Chunk reads that went to a replica")
                .register(metrics);
        this.evictions = Counter.builder("octet.chunk.cache.evictions").register(metrics);
        Gauge.builder("octet.chunk.cache.bytes", this, ChunkCache::bytes).register(metrics);
    }

    /** The chunk's bytes if cached; counts a hit or a miss. */
    public synchronized byte[] get(UUID chunkId) {
        byte[] data = entries.get(chunkId);
        if (data != null) {
            hits.increment();
        } else {
            misses.increment();
        }
        return data;
    }

    /** True if a chunk of this size is worth keeping after this read: it fits, and it was read before. */
    public synchronized boolean admits(UUID chunkId, long size) {
        if (size > maxEntryBytes || size == 0) {
            return false;
        }
        return seenOnce.put(chunkId, Boolean.TRUE) != null;
    }

    public synchronized void put(UUID chunkId, byte[] data) {
        if (data.length > maxEntryBytes || entries.containsKey(chunkId)) {
            return;
        }
        Iterator<Map.Entry<UUID, byte[]>> eldest = entries.entrySet().iterator();
        while (bytes + data.length > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().getValue().length;
            eldest.remove();
            evictions.increment();
        }
        entries.put(chunkId, data);
        bytes += data.length;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized int size() {
        return entries.size();
    }
}
