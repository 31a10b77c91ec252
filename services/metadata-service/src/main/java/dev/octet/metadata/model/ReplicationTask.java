package dev.octet.metadata.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** An order to copy a chunk from a source replica to a target server, delivered in a heartbeat reply. */
@Entity
@Table(name = "replication_task")
@IdClass(ReplicationTask.Key.class)
public class ReplicationTask {

    @Id
    @Column(name = "chunk_id")
    public UUID chunkId;

    @Id
    @Column(name = "target_id")
    public String targetId;

    @Column(name = "source_id")
    public String sourceId;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    public static class Key implements Serializable {
        public UUID chunkId;
        public String targetId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(chunkId, key.chunkId) && Objects.equals(targetId, key.targetId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(chunkId, targetId);
        }
    }
}
