package dev.octet.metadata.model;

public enum ServerState {
    ALIVE, DEAD
}
