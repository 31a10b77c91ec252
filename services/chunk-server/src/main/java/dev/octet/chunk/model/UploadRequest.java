package dev.octet.chunk.model;

/** Asks for the lease on a path; {@code allocate} asks for the first chunks' allocations with it. */
public record UploadRequest(String path, long size, String holder, String ifMatch, boolean ifNoneMatch, Long chunkSize,
                            int allocate) {
}
