package dev.octet.metadata.model;

/** ALLOCATED: a writer is storing it now. WRITTEN: stored by at least the write quorum. */
public enum ChunkState {
    ALLOCATED, WRITTEN
}
