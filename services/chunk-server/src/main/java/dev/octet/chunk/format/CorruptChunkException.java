package dev.octet.chunk.format;

import java.io.IOException;

/** A chunk's bytes do not match their checksums: the copy is corrupt and must not be served. */
public class CorruptChunkException extends IOException {

    public CorruptChunkException(String message) {
        super(message);
    }
}
