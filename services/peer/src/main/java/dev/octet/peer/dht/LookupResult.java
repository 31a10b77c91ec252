package dev.octet.peer.dht;

import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import java.util.List;

/**
 * What an iterative lookup found, and how: the k closest peers that answered, the providers (for a value
 * lookup that found some), every request it made, and its hop count, the length of the chain of answers
 * that led to the closest peer (or to the one that had the value).
 */
public record LookupResult(Key target, List<Contact> closest, List<Contact> providers, List<Step> path, int hops,
        long millis, boolean timedOut) {

    /** One request of a lookup: to whom, at which hop, how long it took, and what came back. */
    public record Step(Contact peer, int hop, long sentAtMillis, long millis, Outcome outcome, int contactsReturned) {
    }

    public enum Outcome {
        /** Answered with closer contacts. */
        ANSWERED,
        /** Answered with providers of the value. */
        VALUE,
        /** Did not answer in time. */
        TIMEOUT,
        /** Still unanswered when the lookup finished. */
        ABANDONED
    }

    public boolean found() {
        return !providers.isEmpty();
    }
}
