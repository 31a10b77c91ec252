package dev.octet.chunk.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/** A file or directory as clients see it; file-only fields are absent for directories. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntryStatus(String path, String name, String kind, Long size, String etag, Long generation,
                          Long chunkSize, Integer chunks, OffsetDateTime createdAt, OffsetDateTime modifiedAt) {

    @JsonIgnore
    public boolean isDirectory() {
        return "DIRECTORY".equals(kind);
    }
}
