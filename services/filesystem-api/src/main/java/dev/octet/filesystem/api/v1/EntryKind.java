package dev.octet.filesystem.api.v1;

public enum EntryKind {
    DIRECTORY, FILE
}
