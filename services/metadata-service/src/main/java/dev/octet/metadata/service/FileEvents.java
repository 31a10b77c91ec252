package dev.octet.metadata.service;

import dev.octet.filesystem.api.v1.EntryKind;
import dev.octet.metadata.model.FileVersion;
import dev.octet.platform.events.DomainEvent;
import dev.octet.platform.events.Outbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Announces namespace changes on the {@code files} topic, in the transaction that makes them. */
@ApplicationScoped
public class FileEvents {

    public static final String TOPIC = "files";

    public record FileCommitted(String path, UUID versionId, long generation, long size, String etag) {
    }

    public record FileDeleted(String path, UUID versionId) {
    }

    public record EntryRenamed(String from, String to, EntryKind kind) {
    }

    private final Outbox outbox;

    public FileEvents(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> committed(String path, FileVersion version) {
        return outbox.append(DomainEvent.of(TOPIC, path, "file.committed",
                new FileCommitted(path, version.id, version.generation, version.size, version.etag)));
    }

    public Uni<Void> deleted(String path, UUID versionId) {
        return outbox.append(DomainEvent.of(TOPIC, path, "file.deleted", new FileDeleted(path, versionId)));
    }

    public Uni<Void> renamed(String from, String to, EntryKind kind) {
        return outbox.append(DomainEvent.of(TOPIC, from, "entry.renamed", new EntryRenamed(from, to, kind)));
    }
}
