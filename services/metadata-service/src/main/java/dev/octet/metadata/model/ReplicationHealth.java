package dev.octet.metadata.model;

/**
 * How well the file system's data is protected right now. A chunk counts once per state: readable
 * chunks of live versions, by how many live replicas they have against the replication factor.
 */
public record ReplicationHealth(int replicationFactor, long serversAlive, long serversDead, long chunks,
                                long underReplicated, long overReplicated, long missing,
                                long pendingReplications, long pendingDeletions) {
}
