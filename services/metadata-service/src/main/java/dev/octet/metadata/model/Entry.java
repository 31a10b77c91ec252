package dev.octet.metadata.model;

import dev.octet.filesystem.api.v1.EntryKind;
import dev.octet.filesystem.api.v1.EntryStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A name in the namespace: a directory, or a file pointing at its committed version. */
@Entity
@Table(name = "entry")
public class Entry {

    @Id
    public String path;

    /** The parent directory's path; null only for the root. */
    public String parent;

    public String name;

    @Enumerated(EnumType.STRING)
    public EntryKind kind;

    /** For a file, the version readers see. */
    @Column(name = "version_id")
    public UUID versionId;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "modified_at")
    public OffsetDateTime modifiedAt;

    public boolean isDirectory() {
        return kind == EntryKind.DIRECTORY;
    }

    public static Entry directory(PathName path, OffsetDateTime now) {
        return of(path, EntryKind.DIRECTORY, null, now);
    }

    public static Entry file(PathName path, UUID versionId, OffsetDateTime now) {
        return of(path, EntryKind.FILE, versionId, now);
    }

    private static Entry of(PathName path, EntryKind kind, UUID versionId, OffsetDateTime now) {
        Entry entry = new Entry();
        entry.path = path.value();
        entry.parent = path.parent().map(PathName::value).orElse(null);
        entry.name = path.name();
        entry.kind = kind;
        entry.versionId = versionId;
        entry.createdAt = now;
        entry.modifiedAt = now;
        return entry;
    }

    /** What a client sees of this entry; {@code version} is the file's committed version, null for a directory. */
    public EntryStatus status(FileVersion version) {
        if (version == null) {
            return new EntryStatus(path, name, kind, null, null, null, null, null, createdAt, modifiedAt);
        }
        return new EntryStatus(path, name, kind, version.size, version.etag, version.generation, version.chunkSize,
                version.chunkCount(), createdAt, modifiedAt);
    }
}
