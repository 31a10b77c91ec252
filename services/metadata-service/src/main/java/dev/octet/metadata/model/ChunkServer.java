package dev.octet.metadata.model;

import dev.octet.filesystem.api.v1.ServerRef;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A chunk server as the registry knows it from its heartbeats. */
@Entity
@Table(name = "chunk_server")
public class ChunkServer {

    @Id
    public String id;

    public String url;

    @Enumerated(EnumType.STRING)
    public ServerState state;

    @Column(name = "capacity_bytes")
    public long capacityBytes;

    @Column(name = "used_bytes")
    public long usedBytes;

    @Column(name = "chunk_count")
    public long chunkCount;

    @Column(name = "registered_at")
    public OffsetDateTime registeredAt;

    @Column(name = "last_heartbeat_at")
    public OffsetDateTime lastHeartbeatAt;

    public long freeBytes() {
        return Math.max(0, capacityBytes - usedBytes);
    }

    public boolean isAlive() {
        return state == ServerState.ALIVE;
    }

    public ServerRef ref() {
        return new ServerRef(id, url);
    }
}
