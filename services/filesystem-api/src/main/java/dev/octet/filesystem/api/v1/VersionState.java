package dev.octet.filesystem.api.v1;

/**
 * The life of a file version. Only COMMITTED versions are ever read; the others wait for garbage
 * collection (UPLOADING ones until their lease runs out).
 */
public enum VersionState {
    UPLOADING, COMMITTED, SUPERSEDED, DELETED, ABORTED
}
