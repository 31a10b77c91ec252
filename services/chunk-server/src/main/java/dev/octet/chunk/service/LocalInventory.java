package dev.octet.chunk.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this server holds, roughly between block reports (each recounts it exactly), and which
 * deletions it has carried out but not yet confirmed to the metadata service.
 */
@ApplicationScoped
public class LocalInventory {

    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicLong chunkCount = new AtomicLong();
    private final ConcurrentLinkedQueue<UUID> deletedUnconfirmed = new ConcurrentLinkedQueue<>();

    public LocalInventory(MeterRegistry metrics) {
        Gauge.builder("octet.chunk.stored.bytes", usedBytes, AtomicLong::get).register(metrics);
        Gauge.builder("octet.chunk.stored.chunks", chunkCount, AtomicLong::get).register(metrics);
    }

    public void added(long storedSize) {
        usedBytes.addAndGet(storedSize);
        chunkCount.incrementAndGet();
    }

    public void deleted(UUID chunkId) {
        chunkCount.updateAndGet(count -> Math.max(0, count - 1));
        deletedUnconfirmed.add(chunkId);
    }

    /** The counts as a full listing found them. */
    public void recount(long bytes, long chunks) {
        usedBytes.set(bytes);
        chunkCount.set(chunks);
    }

    public long usedBytes() {
        return usedBytes.get();
    }

    public long chunkCount() {
        return chunkCount.get();
    }

    /** Takes the deletions to confirm in the next heartbeat. */
    public List<UUID> drainDeleted() {
        List<UUID> drained = new ArrayList<>();
        UUID id;
        while (drained.size() < 5000 && (id = deletedUnconfirmed.poll()) != null) {
            drained.add(id);
        }
        return drained;
    }

    /** The heartbeat did not get through: confirm these next time. */
    public void undrain(List<UUID> ids) {
        deletedUnconfirmed.addAll(ids);
    }
}
