package dev.octet.platform.events;

/** A message that can never be processed: it goes to the dead-letter topic at once, without retries. */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String message) {
        super(message);
    }
}
