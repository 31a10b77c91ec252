package dev.octet.filesystem.api.v1;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A writer asks for the lease on {@code path} to write {@code size} bytes. {@code ifMatch} (an ETag) and
 * {@code ifNoneMatch} carry the client's HTTP preconditions; they are checked now and again at commit.
 * {@code chunkSize} overrides the file system's chunk size for this file, as HDFS lets a file choose its block size.
 * {@code allocate} asks for the first chunks to be allocated with the lease, so that they need no round
 * trip of their own (a small file then costs two: this one and the commit).
 */
public record UploadRequest(@NotBlank String path, @NotNull @PositiveOrZero Long size, @Size(max = 255) String holder,
                            String ifMatch, boolean ifNoneMatch,
                            @Min(value = 65536, message = "must be at least 64 KiB")
                            @Max(value = 1073741824, message = "must be at most 1 GiB") Long chunkSize,
                            @PositiveOrZero @Max(value = ChunkBatch.MAX_ALLOCATIONS, message = "must be at most 64") Integer allocate) {

    public int allocateOrNone() {
        return allocate == null ? 0 : allocate;
    }
}
