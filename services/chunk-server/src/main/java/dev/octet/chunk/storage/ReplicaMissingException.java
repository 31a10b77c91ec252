package dev.octet.chunk.storage;

import java.io.IOException;

/** This server's bucket has no object for a chunk it is asked for. */
public class ReplicaMissingException extends IOException {

    public ReplicaMissingException(String message) {
        super(message);
    }
}
