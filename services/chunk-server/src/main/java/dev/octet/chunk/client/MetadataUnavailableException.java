package dev.octet.chunk.client;

/** The metadata service could not answer (down, restarting, overloaded): worth retrying. */
public class MetadataUnavailableException extends RuntimeException {

    public MetadataUnavailableException(String message) {
        super(message);
    }
}
