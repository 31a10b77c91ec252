package dev.octet.filesystem.api.v1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/** What a client sees of a file or directory. File-only fields are absent for directories. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntryStatus(String path, String name, EntryKind kind, Long size, String etag, Long generation,
                          Long chunkSize, Integer chunks, OffsetDateTime createdAt, OffsetDateTime modifiedAt) {

    @JsonIgnore
    public boolean isDirectory() {
        return kind == EntryKind.DIRECTORY;
    }
}
