package dev.octet.metadata.model;

import dev.octet.filesystem.api.v1.ChunkAllocation;
import dev.octet.filesystem.api.v1.UploadLease;
import dev.octet.filesystem.api.v1.UploadProgress;
import dev.octet.filesystem.api.v1.VersionState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** One version of a file's content, written by a single upload under a lease. */
@Entity
@Table(name = "file_version")
public class FileVersion {

    @Id
    public UUID id;

    /** The path the upload writes to. */
    public String path;

    /** The lease generation this version was written under. */
    public long generation;

    @Enumerated(EnumType.STRING)
    public VersionState state;

    @Column(name = "expected_size")
    public long expectedSize;

    /** How many bytes the writer has received so far: the upload's progress. */
    @Column(name = "bytes_received")
    public long bytesReceived;

    /** Final size, once committed. */
    public Long size;

    @Column(name = "chunk_size")
    public long chunkSize;

    public String etag;

    /** Which front door writes the upload. */
    public String holder;

    /** The writer's precondition: commit only if the file's ETag is still this one. */
    @Column(name = "if_match")
    public String ifMatch;

    /** The writer's precondition: commit only if no file exists at the path. */
    @Column(name = "if_none_match")
    public boolean ifNoneMatch;

    @Column(name = "lease_expires_at")
    public OffsetDateTime leaseExpiresAt;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "committed_at")
    public OffsetDateTime committedAt;

    /** When the version stopped being readable or writable; garbage collection counts from here. */
    @Column(name = "retired_at")
    public OffsetDateTime retiredAt;

    public int chunkCount() {
        return (int) ((expectedSize + chunkSize - 1) / chunkSize);
    }

    public void retire(VersionState finalState, OffsetDateTime now) {
        state = finalState;
        retiredAt = now;
        leaseExpiresAt = null;
    }

    /** The lease on this version as the writer receives it, with the allocations of its first chunks. */
    public UploadLease lease(int replicationFactor, int writeQuorum, List<ChunkAllocation> allocations) {
        return new UploadLease(id, path, generation, expectedSize, chunkSize, chunkCount(), replicationFactor,
                writeQuorum, leaseExpiresAt, allocations);
    }

    /** How far the upload of this version has got, {@code chunksWritten} of its chunks stored. */
    public UploadProgress progress(long chunksWritten) {
        long received = state == VersionState.UPLOADING ? bytesReceived : Math.max(bytesReceived, size == null ? 0 : size);
        return new UploadProgress(id, path, generation, state, expectedSize, received, chunkCount(), chunksWritten,
                createdAt, leaseExpiresAt);
    }
}
