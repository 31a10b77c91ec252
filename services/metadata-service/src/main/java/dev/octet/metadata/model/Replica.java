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

/** A chunk server holds a verified copy of a chunk. */
@Entity
@Table(name = "replica")
@IdClass(Replica.Key.class)
public class Replica {

    @Id
    @Column(name = "chunk_id")
    public UUID chunkId;

    @Id
    @Column(name = "server_id")
    public String serverId;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    public static Replica of(UUID chunkId, String serverId, OffsetDateTime now) {
        Replica replica = new Replica();
        replica.chunkId = chunkId;
        replica.serverId = serverId;
        replica.createdAt = now;
        return replica;
    }

    public static class Key implements Serializable {
        public UUID chunkId;
        public String serverId;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(chunkId, key.chunkId) && Objects.equals(serverId, key.serverId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(chunkId, serverId);
        }
    }
}
