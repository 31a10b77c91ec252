package dev.octet.metadata.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/** What a client sees of a file or directory. File-only fields are absent for directories. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntryStatus(String path, String name, EntryKind kind, Long size, String etag, Long generation,
                          Long chunkSize, Integer chunks, OffsetDateTime createdAt, OffsetDateTime modifiedAt) {

    public static EntryStatus of(Entry entry, FileVersion version) {
        if (version == null) {
            return new EntryStatus(entry.path, entry.name, entry.kind, null, null, null, null, null,
                    entry.createdAt, entry.modifiedAt);
        }
        return new EntryStatus(entry.path, entry.name, entry.kind, version.size, version.etag, version.generation,
                version.chunkSize, version.chunkCount(), entry.createdAt, entry.modifiedAt);
    }
}
