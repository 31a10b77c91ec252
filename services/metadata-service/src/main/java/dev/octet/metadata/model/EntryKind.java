package dev.octet.metadata.model;

public enum EntryKind {
    DIRECTORY, FILE
}
