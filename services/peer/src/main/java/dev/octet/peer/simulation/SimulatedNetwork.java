package dev.octet.peer.simulation;

import dev.octet.peer.model.Address;
import dev.octet.peer.model.Contact;
import dev.octet.peer.protocol.Envelope;
import dev.octet.peer.protocol.Message;
import dev.octet.peer.protocol.WireCodec;
import dev.octet.peer.runtime.Scheduler;
import dev.octet.peer.runtime.Transport;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A deterministic discrete-event network: virtual time, one event queue, one seeded random source. Each
 * simulated peer gets a {@link Scheduler} and a {@link Transport} backed by it, and runs the very protocol
 * code a real peer runs; the same seed gives the same run, event for event.
 *
 * <p>Messages pass as objects: the wire codec and its signatures are the real transport's concern and have
 * their own tests (signing 10,000 peers' traffic would measure Ed25519, not the protocols). Datagram budgets
 * are still the real ones, so piggybacking is as constrained as on the wire.
 *
 * <p>Faults: a peer can be crashed (its timers and inbound messages vanish) and restarted; the network can
 * lose datagrams, delay them, and be cut into partitions.
 */
public final class SimulatedNetwork {

    private static final int MAX_BYTES = 1400;
    /** How far the clock moves between checks of a {@link #runUntil} condition. */
    public static final long CHECK_MILLIS = 10;

    private record Event(long time, long order, Runnable action) {
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.order, b.order));
    private final Random random;
    private final Map<Address, Node> nodes = new HashMap<>();
    private NetworkConditions conditions;
    private Map<Address, Integer> partition = Map.of();
    private long now;
    private long order;
    private long sent;
    private long dropped;
    private final Map<String, Long> sentByType = new java.util.TreeMap<>();

    /** A simulated host: whether it is up, its life (a restart begins a new one), and what receives its messages. */
    private final class Node {
        final Address address;
        final Contact contact;
        boolean up = true;
        int life;
        Consumer<Envelope> receiver = envelope -> {
        };

        Node(Contact contact) {
            this.address = contact.address();
            this.contact = contact;
        }
    }

    public SimulatedNetwork(long seed, NetworkConditions conditions) {
        this.random = new Random(seed);
        this.conditions = conditions;
    }

    public long now() {
        return now;
    }

    public Random random() {
        return random;
    }

    public long sent() {
        return sent;
    }

    /** Messages sent, by type (Ping, Ack, FindNode, ...). */
    public Map<String, Long> sentByType() {
        return Map.copyOf(sentByType);
    }

    public long dropped() {
        return dropped;
    }

    public void conditions(NetworkConditions newConditions) {
        conditions = newConditions;
    }

    /** Adds a host; {@code receiver} gets the messages sent to it while it is up. */
    public Endpoint attach(Contact contact) {
        Node node = new Node(contact);
        if (nodes.putIfAbsent(contact.address(), node) != null) {
            throw new IllegalArgumentException("two hosts at " + contact.address());
        }
        return new Endpoint(node);
    }

    /** Cuts the network: hosts in different groups cannot reach each other; hosts in no group reach only each other. */
    public void partition(Set<Address> side) {
        Map<Address, Integer> groups = new HashMap<>();
        side.forEach(address -> groups.put(address, 1));
        partition = groups;
    }

    public void heal() {
        partition = Map.of();
    }

    /** Runs events for {@code millis} of virtual time. */
    public void runFor(long millis) {
        runUntil(() -> false, millis);
    }

    /**
     * Runs events until {@code done} holds or {@code millis} pass; true if it held. {@code done} is checked each
     * time the clock has moved on by {@link #CHECK_MILLIS} (a view of every peer is costly to check after
     * every event), so a time measured with it is late by less than that.
     */
    public boolean runUntil(BooleanSupplier done, long millis) {
        return runUntil(done, millis, CHECK_MILLIS);
    }

    /** {@link #runUntil(BooleanSupplier, long)}, checking {@code done} each {@code checkMillis} of virtual time. */
    public boolean runUntil(BooleanSupplier done, long millis, long checkMillis) {
        long end = now + millis;
        long checked = now;
        while (!events.isEmpty() && events.peek().time <= end) {
            Event event = events.poll();
            now = event.time;
            event.action.run();
            if (now - checked >= checkMillis) {
                checked = now;
                if (done.getAsBoolean()) {
                    return true;
                }
            }
        }
        now = Math.max(now, end);
        return done.getAsBoolean();
    }

    private void at(long time, Runnable action) {
        events.add(new Event(time, order++, action));
    }

    private boolean reachable(Address from, Address to) {
        return partition.getOrDefault(from, 0).equals(partition.getOrDefault(to, 0));
    }

    /** One host's view of the network: its scheduler, its transport, and its power switch. */
    public final class Endpoint implements Scheduler, Transport {
        private final Node node;
        private final int overhead;

        private Endpoint(Node node) {
            this.node = node;
            this.overhead = WireCodec.overhead(node.address);
        }

        public Contact contact() {
            return node.contact;
        }

        public void receiver(Consumer<Envelope> receiver) {
            node.receiver = receiver;
        }

        public boolean up() {
            return node.up;
        }

        /** The host stops: pending timers and messages in flight to it are lost. */
        public void crash() {
            node.up = false;
            node.life++;
        }

        /** The host comes back, empty-handed: the caller builds a fresh peer on this endpoint. */
        public void restart() {
            node.up = true;
            node.life++;
        }

        @Override
        public long now() {
            return SimulatedNetwork.this.now;
        }

        @Override
        public Timer schedule(long delayMillis, Runnable task) {
            int life = node.life;
            boolean[] cancelled = {false};
            at(SimulatedNetwork.this.now + Math.max(0, delayMillis), () -> {
                if (!cancelled[0] && node.up && node.life == life) {
                    task.run();
                }
            });
            return () -> cancelled[0] = true;
        }

        @Override
        public void execute(Runnable task) {
            schedule(0, task);
        }

        @Override
        public void send(Address to, Message message) {
            if (!node.up) {
                return;
            }
            sent++;
            sentByType.merge(message.getClass().getSimpleName(), 1L, Long::sum);
            Node target = nodes.get(to);
            if (target == null || random.nextDouble() < conditions.loss() || !reachable(node.address, to)) {
                dropped++;
                return;
            }
            long latency = conditions.minLatencyMillis()
                    + (long) (random.nextDouble() * (conditions.maxLatencyMillis() - conditions.minLatencyMillis() + 1));
            int life = target.life;
            Envelope envelope = new Envelope(node.contact, message);
            at(SimulatedNetwork.this.now + latency, () -> {
                if (target.up && target.life == life) {
                    target.receiver.accept(envelope);
                } else {
                    dropped++;
                }
            });
        }

        @Override
        public int maxBytes() {
            return MAX_BYTES;
        }

        @Override
        public int overhead() {
            return overhead;
        }
    }
}
