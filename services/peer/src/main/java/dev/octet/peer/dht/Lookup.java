package dev.octet.peer.dht;

import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import dev.octet.peer.protocol.Message;
import dev.octet.peer.runtime.Scheduler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Kademlia's iterative lookup. It keeps the candidates it has heard of ordered by distance to the target,
 * keeps alpha requests in flight to the closest ones not yet asked, and ends when the k closest that did not
 * fail have all answered (a round that brings nothing closer thus leads to asking the rest of the k closest,
 * as the paper requires), when a value lookup meets a provider, or at its deadline.
 */
final class Lookup {

    private enum State { NEW, IN_FLIGHT, ANSWERED, FAILED }

    private static final class Candidate {
        final Contact contact;
        final int hop;
        State state = State.NEW;
        LookupResult.Step step;

        Candidate(Contact contact, int hop) {
            this.contact = contact;
            this.hop = hop;
        }
    }

    private final Key target;
    private final boolean value;
    private final DhtConfig config;
    private final Scheduler scheduler;
    private final Key self;
    private final BiFunction<Contact, Boolean, CompletionStage<Message>> request;
    private final TreeMap<Key, Candidate> candidates;
    private final List<LookupResult.Step> path = new ArrayList<>();
    private final Map<Key, Contact> providers = new LinkedHashMap<>();
    private final CompletableFuture<LookupResult> result = new CompletableFuture<>();
    private final long started;
    private int inFlight;
    private Candidate valueFrom;
    private Scheduler.Timer deadline;

    /**
     * @param request sends a FIND_VALUE (true) or FIND_NODE (false) to a contact; completes with the answer, or
     *                null when it timed out
     */
    Lookup(Key target, boolean value, DhtConfig config, Scheduler scheduler, Key self, List<Contact> start,
            BiFunction<Contact, Boolean, CompletionStage<Message>> request) {
        this.target = target;
        this.value = value;
        this.config = config;
        this.scheduler = scheduler;
        this.self = self;
        this.request = request;
        this.candidates = new TreeMap<>(target::compareDistance);
        this.started = scheduler.now();
        start.forEach(contact -> offer(contact, 1));
    }

    CompletionStage<LookupResult> run() {
        deadline = scheduler.schedule(config.lookupTimeoutMillis(), () -> finish(true));
        step();
        return result;
    }

    /** The closest peer that answered without the value: Kademlia caches the value there. */
    Contact cacheCandidate() {
        for (Candidate candidate : candidates.values()) {
            if (candidate.state == State.ANSWERED && candidate != valueFrom) {
                return candidate.contact;
            }
        }
        return null;
    }

    private void offer(Contact contact, int hop) {
        if (!contact.id().equals(self)) {
            candidates.putIfAbsent(contact.id(), new Candidate(contact, hop));
        }
    }

    private void step() {
        if (result.isDone()) {
            return;
        }
        if (valueFrom != null) {
            finish(false);
            return;
        }
        int seen = 0;
        boolean allAnswered = true;
        for (Candidate candidate : candidates.values()) {
            if (candidate.state == State.FAILED) {
                continue;
            }
            if (seen++ >= config.k()) {
                break;
            }
            if (candidate.state != State.ANSWERED) {
                allAnswered = false;
            }
            if (candidate.state == State.NEW && inFlight < config.alpha()) {
                send(candidate);
            }
        }
        if (allAnswered || inFlight == 0) {
            finish(false);
        }
    }

    private void send(Candidate candidate) {
        candidate.state = State.IN_FLIGHT;
        inFlight++;
        long sent = scheduler.now();
        request.apply(candidate.contact, value).whenComplete((answer, failure) -> {
            inFlight--;
            if (answer == null) {
                candidate.state = State.FAILED;
                record(candidate, sent, LookupResult.Outcome.TIMEOUT, 0);
            } else {
                candidate.state = State.ANSWERED;
                answered(candidate, sent, answer);
            }
            step();
        });
    }

    private void answered(Candidate candidate, long sent, Message answer) {
        List<Contact> closer = List.of();
        if (answer instanceof Message.Nodes nodes) {
            closer = nodes.closest();
        } else if (answer instanceof Message.Providers found) {
            closer = found.closest();
            if (!found.providers().isEmpty()) {
                found.providers().forEach(provider -> providers.putIfAbsent(provider.id(), provider));
                valueFrom = candidate;
            }
        }
        List<Contact> bounded = closer.size() > config.k() ? closer.subList(0, config.k()) : closer;
        bounded.forEach(contact -> offer(contact, candidate.hop + 1));
        record(candidate, sent, valueFrom == candidate ? LookupResult.Outcome.VALUE : LookupResult.Outcome.ANSWERED,
                bounded.size());
    }

    private void record(Candidate candidate, long sent, LookupResult.Outcome outcome, int returned) {
        candidate.step = new LookupResult.Step(candidate.contact, candidate.hop, sent - started, scheduler.now() - sent, outcome,
                returned);
        path.add(candidate.step);
    }

    private void finish(boolean timedOut) {
        if (result.isDone()) {
            return;
        }
        if (deadline != null) {
            deadline.cancel();
        }
        List<Contact> closest = new ArrayList<>();
        int hops = 0;
        for (Candidate candidate : candidates.values()) {
            if (candidate.state == State.IN_FLIGHT) {
                path.add(new LookupResult.Step(candidate.contact, candidate.hop, 0, scheduler.now() - started,
                        LookupResult.Outcome.ABANDONED, 0));
            }
            if (candidate.state == State.ANSWERED && closest.size() < config.k()) {
                if (closest.isEmpty()) {
                    hops = candidate.hop;
                }
                closest.add(candidate.contact);
            }
        }
        if (valueFrom != null) {
            hops = valueFrom.hop;
        }
        result.complete(new LookupResult(target, closest, List.copyOf(providers.values()), List.copyOf(path), hops,
                scheduler.now() - started, timedOut));
    }
}
