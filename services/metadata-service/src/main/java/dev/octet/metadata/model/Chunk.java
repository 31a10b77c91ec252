package dev.octet.metadata.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One chunk of a file version. Chunks are immutable and never rewritten: a new version of a file gets
 * new chunk ids, which is what lets readers and caches trust a chunk id forever.
 */
@Entity
@Table(name = "chunk")
public class Chunk {

    @Id
    public UUID id;

    @Column(name = "version_id")
    public UUID versionId;

    @Column(name = "chunk_index")
    public int chunkIndex;

    @Enumerated(EnumType.STRING)
    public ChunkState state;

    public Long size;

    /** SHA-256 of the chunk's bytes, hex. */
    public String digest;

    /** The servers chosen at allocation, comma-separated, so a retried allocation gets the same answer. */
    public String targets;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    public List<String> targetIds() {
        return targets.isEmpty() ? List.of() : Arrays.asList(targets.split(","));
    }
}
