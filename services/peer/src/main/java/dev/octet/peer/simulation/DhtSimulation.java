package dev.octet.peer.simulation;

import dev.octet.peer.dht.Dht;
import dev.octet.peer.dht.DhtConfig;
import dev.octet.peer.dht.LookupResult;
import dev.octet.peer.model.Address;
import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import dev.octet.peer.protocol.Envelope;
import dev.octet.peer.protocol.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Kademlia alone, at scale: n peers running the real {@link Dht} on a {@link SimulatedNetwork}, each joining
 * through one peer that joined before it, as a new Kademlia node does. SWIM is left out here because its
 * full membership is n² state in one JVM (10,000 peers would hold 10^8 members); the bucket eviction ping is
 * a plain ping/ack, which is what SWIM's direct probe is.
 */
public final class DhtSimulation {

    private final SimulatedNetwork network;
    private final DhtConfig config;
    private final List<Host> hosts = new ArrayList<>();

    /** One simulated peer: its endpoint, its DHT, and its pings waiting for acks. */
    private final class Host {
        final SimulatedNetwork.Endpoint endpoint;
        final Dht dht;
        final Map<Long, CompletableFuture<Boolean>> pings = new HashMap<>();
        long pingSeq;

        Host(Contact contact) {
            endpoint = network.attach(contact);
            dht = new Dht(contact, config, endpoint, endpoint, network.random(), this::ping);
            endpoint.receiver(this::receive);
        }

        private CompletionStage<Boolean> ping(Contact contact) {
            long seq = ++pingSeq;
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            pings.put(seq, answer);
            endpoint.send(contact.address(), new Message.Ping(seq, List.of()));
            endpoint.schedule(config.rpcTimeoutMillis(), () -> {
                if (pings.remove(seq) != null) {
                    answer.complete(false);
                }
            });
            return answer;
        }

        private void receive(Envelope envelope) {
            dht.observe(envelope.sender());
            Message message = envelope.message();
            if (message instanceof Message.Ping ping) {
                endpoint.send(envelope.sender().address(), new Message.Ack(ping.seq(), List.of()));
            } else if (message instanceof Message.Ack ack) {
                CompletableFuture<Boolean> answer = pings.remove(ack.seq());
                if (answer != null) {
                    answer.complete(true);
                }
            } else {
                dht.receive(envelope.sender(), message);
            }
        }
    }

    public DhtSimulation(long seed, NetworkConditions conditions, DhtConfig config) {
        this.network = new SimulatedNetwork(seed, conditions);
        this.config = config;
    }

    public SimulatedNetwork network() {
        return network;
    }

    public int size() {
        return hosts.size();
    }

    /**
     * Grows the network to {@code n} peers, one joining every {@code intervalMillis} through a random peer
     * that joined before it, then lets the last joins finish.
     */
    public void grow(int n, long intervalMillis) {
        while (hosts.size() < n) {
            int index = hosts.size();
            Contact contact = new Contact(Key.random(network.random()), new Address("10.0." + index / 250 + "." + index % 250, 7000));
            Host host = new Host(contact);
            Host introducer = hosts.isEmpty() ? null : hosts.get(network.random().nextInt(hosts.size()));
            hosts.add(host);
            host.dht.start();
            if (introducer != null) {
                host.dht.observe(introducer.endpoint.contact());
            }
            network.runFor(intervalMillis);
        }
        network.runFor(config.lookupTimeoutMillis() * 2);
    }

    /** Crashes {@code count} random peers (never the same twice). */
    public void crash(int count) {
        List<Host> up = hosts.stream().filter(host -> host.endpoint.up()).toList();
        List<Host> shuffled = new ArrayList<>(up);
        Collections.shuffle(shuffled, network.random());
        shuffled.subList(0, Math.min(count, shuffled.size())).forEach(host -> host.endpoint.crash());
    }

    /** Runs {@code count} lookups for random keys from random live peers, one at a time, and measures them. */
    public LookupStatistics lookups(int count) {
        List<Host> up = hosts.stream().filter(host -> host.endpoint.up()).toList();
        LookupStatistics statistics = new LookupStatistics(hosts.size());
        for (int i = 0; i < count; i++) {
            Host from = up.get(network.random().nextInt(up.size()));
            Key target = Key.random(network.random());
            long sentBefore = network.sent();
            LookupResult[] result = new LookupResult[1];
            from.endpoint.execute(() -> from.dht.findNode(target).thenAccept(found -> result[0] = found));
            network.runUntil(() -> result[0] != null, config.lookupTimeoutMillis() * 2);
            if (result[0] == null) {
                throw new IllegalStateException("a lookup did not end within twice its deadline");
            }
            statistics.add(result[0], truth(target, from, up), network.sent() - sentBefore);
        }
        return statistics;
    }

    /** The k live peers truly closest to {@code target}, the asking peer left out. */
    private Set<Key> truth(Key target, Host from, List<Host> up) {
        List<Key> ids = new ArrayList<>();
        for (Host host : up) {
            if (host != from) {
                ids.add(host.endpoint.contact().id());
            }
        }
        ids.sort(Comparator.comparing(id -> id, target::compareDistance));
        return new HashSet<>(ids.subList(0, Math.min(config.k(), ids.size())));
    }
}
