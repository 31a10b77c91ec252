package dev.octet.metadata.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * The write lease of one path. Locking this row serialises writers of the path; {@code generation}
 * grows with every lease granted, so a writer that lost its lease can never commit.
 */
@Entity
@Table(name = "file_lease")
public class FileLease {

    @Id
    public String path;

    public long generation;

    /** The upload that holds the lease, or null. */
    @Column(name = "version_id")
    public UUID versionId;
}
