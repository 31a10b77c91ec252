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

/** A replica a server must delete; the row stays until the server confirms the deletion. */
@Entity
@Table(name = "chunk_deletion")
@IdClass(ChunkDeletion.Key.class)
public class ChunkDeletion {

    @Id
    @Column(name = "server_id")
    public String serverId;

    @Id
    @Column(name = "chunk_id")
    public UUID chunkId;

    @Column(name = "queued_at")
    public OffsetDateTime queuedAt;

    @Column(name = "sent_at")
    public OffsetDateTime sentAt;

    public static ChunkDeletion of(String serverId, UUID chunkId, OffsetDateTime now) {
        ChunkDeletion deletion = new ChunkDeletion();
        deletion.serverId = serverId;
        deletion.chunkId = chunkId;
        deletion.queuedAt = now;
        return deletion;
    }

    public static class Key implements Serializable {
        public String serverId;
        public UUID chunkId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(serverId, key.serverId) && Objects.equals(chunkId, key.chunkId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(serverId, chunkId);
        }
    }
}
