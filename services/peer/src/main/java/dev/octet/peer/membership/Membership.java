package dev.octet.peer.membership;

import dev.octet.peer.model.Address;
import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import dev.octet.peer.protocol.Gossip;
import dev.octet.peer.protocol.Message;
import dev.octet.peer.protocol.WireSizes;
import dev.octet.peer.runtime.Scheduler;
import dev.octet.peer.runtime.Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * SWIM membership with Lifeguard, one instance per peer, all on the peer's scheduler thread.
 *
 * <p>Failure detection: each period one member, taken round-robin from a shuffled list, is pinged; without
 * an ack within the probe timeout, {@code k} others are asked to ping it (ping-req) and each answers with its
 * ack or, Lifeguard's addition, a nack. A member that none reached is suspected; the suspicion is gossiped,
 * and the member has until it times out to refute it by raising its incarnation. Dissemination: every
 * change is queued and piggybacked on pings, acks and ping-reqs, the least-sent first.
 *
 * <p>Lifeguard's three refinements: the local health multiplier (failed probes, missed nacks and having to
 * refute raise it; successful probes lower it; the probe interval and timeout stretch with it, so a slow
 * peer stops accusing healthy ones); the dynamic suspicion timeout ({@link Suspicion}); and the buddy
 * system (a ping to a suspect carries the suspicion, so it can refute at once).
 *
 * <p>Joining and anti-entropy: a peer sends its state to its seeds and merges their answers; every sync
 * interval it exchanges full state with one random member, which heals what gossip missed (a partition).
 */
public final class Membership {

    private static final int PART_HEADROOM = 1 + 1 + 2 + 2;

    private final Contact self;
    private final MembershipConfig config;
    private final Transport transport;
    private final Scheduler scheduler;
    private final Random random;
    private final MembershipEvent.Listener listener;

    private final Map<Key, Entry> members = new HashMap<>();
    private final Broadcasts broadcasts = new Broadcasts();
    private final Map<Long, Probe> probes = new HashMap<>();
    private final Map<Long, Relay> relays = new HashMap<>();
    private final Map<Long, CompletableFuture<Boolean>> pings = new HashMap<>();
    private final List<Key> probeOrder = new ArrayList<>();
    private final MembershipStats stats = new MembershipStats();
    private int probeIndex;
    /** Alive and suspect members (SWIM's n, less this peer), kept as states change: it sizes every message. */
    private int present;
    private long incarnation;
    private int health;
    private long seq;
    private boolean running;
    private List<Address> seeds = List.of();
    private Scheduler.Timer probeTimer;
    private Scheduler.Timer syncTimer;
    private Scheduler.Timer gossipTimer;

    /** A member and what this peer is doing about it. */
    private static final class Entry {
        Contact contact;
        MemberState state;
        long incarnation;
        long since;
        Suspicion suspicion;

        Entry(Contact contact, MemberState state, long incarnation, long since) {
            this.contact = contact;
            this.state = state;
            this.incarnation = incarnation;
            this.since = since;
        }
    }

    /** A probe this peer started: the target, whether it answered, how many nacks came back. */
    private static final class Probe {
        final Entry target;
        boolean acked;
        int expectedNacks;
        int nacks;

        Probe(Entry target) {
            this.target = target;
        }
    }

    /** A ping-req this peer relays: who asked, under which of their sequence numbers. */
    private record Relay(Address requester, long requesterSeq, Scheduler.Timer nackTimer) {
    }

    public Membership(Contact self, MembershipConfig config, Transport transport, Scheduler scheduler, Random random,
            MembershipEvent.Listener listener) {
        this.self = self;
        this.config = config;
        this.transport = transport;
        this.scheduler = scheduler;
        this.random = random;
        this.listener = listener;
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    /** Starts probing, and joins through the seeds (any peers' addresses; none for the first peer). */
    public void start(Collection<Address> seedAddresses) {
        running = true;
        seeds = seedAddresses.stream().filter(address -> !address.equals(self.address())).toList();
        // Its own arrival is the first news a peer spreads (besides the seeds, who learn it from the state pushed to them).
        broadcasts.add(new Gossip.Alive(self, incarnation));
        seeds.forEach(this::pushState);
        scheduleProbe(config.probeIntervalMillis());
        if (config.syncIntervalMillis() > 0) {
            syncTimer = scheduler.schedule(jitter(config.syncIntervalMillis(size())), this::syncRound);
        }
        if (config.gossipIntervalMillis() > 0) {
            gossipTimer = scheduler.schedule(jitter(config.gossipIntervalMillis()), this::gossipRound);
        }
    }

    /** Announces that this peer leaves (others mark it left, not dead), then stops. */
    public void leave() {
        Gossip.Dead left = new Gossip.Dead(self.id(), incarnation, self.id());
        List<Entry> targets = live();
        Collections.shuffle(targets, random);
        for (Entry entry : targets.subList(0, Math.min(targets.size(), config.retransmitLimit(targets.size() + 1)))) {
            transport.send(entry.contact.address(), new Message.Ping(nextSeq(), List.of(left)));
        }
        stop();
    }

    public void stop() {
        running = false;
        if (probeTimer != null) {
            probeTimer.cancel();
        }
        if (syncTimer != null) {
            syncTimer.cancel();
        }
        if (gossipTimer != null) {
            gossipTimer.cancel();
        }
        members.values().stream().filter(entry -> entry.suspicion != null).forEach(entry -> entry.suspicion.cancel());
        relays.values().forEach(relay -> relay.nackTimer().cancel());
    }

    // ------------------------------------------------------------------------------------------- queries

    public Contact self() {
        return self;
    }

    public long incarnation() {
        return incarnation;
    }

    /** Lifeguard's local health multiplier: 0 when this peer is healthy. */
    public int localHealth() {
        return health;
    }

    public MembershipStats stats() {
        return stats;
    }

    /** Every member this peer knows, dead and departed ones included (until forgotten), itself excluded. */
    public List<Member> members() {
        return members.values().stream().map(entry -> new Member(entry.contact, entry.state, entry.incarnation, entry.since))
                .toList();
    }

    public Member member(Key id) {
        Entry entry = members.get(id);
        return entry == null ? null : new Member(entry.contact, entry.state, entry.incarnation, entry.since);
    }

    /** Alive and suspect members, with this peer: SWIM's n. */
    public int size() {
        return present + 1;
    }

    /** Pings {@code contact} directly once (Kademlia's eviction check): true if it acked within the probe timeout. */
    public CompletionStage<Boolean> ping(Contact contact) {
        CompletableFuture<Boolean> answered = new CompletableFuture<>();
        long pingSeq = nextSeq();
        pings.put(pingSeq, answered);
        transport.send(contact.address(), new Message.Ping(pingSeq, gossip(contact.id(), pingBudget())));
        scheduler.schedule(scaled(config.probeTimeoutMillis()), () -> {
            if (pings.remove(pingSeq) != null) {
                answered.complete(false);
            }
        });
        return answered;
    }

    // ------------------------------------------------------------------------------------------ receiving

    /** Handles a SWIM message (ping, ack, ping-req, nack, sync) from {@code sender}. */
    public void receive(Contact sender, Message message) {
        if (!running) {
            return;
        }
        if (message instanceof Message.Ping ping) {
            merge(ping.gossip());
            transport.send(sender.address(), new Message.Ack(ping.seq(), gossip(sender.id(), ackBudget())));
        } else if (message instanceof Message.Ack ack) {
            merge(ack.gossip());
            acked(ack.seq());
        } else if (message instanceof Message.PingReq request) {
            merge(request.gossip());
            relay(sender, request);
        } else if (message instanceof Message.Nack nack) {
            Probe probe = probes.get(nack.seq());
            if (probe != null) {
                probe.nacks++;
            }
        } else if (message instanceof Message.News news) {
            merge(news.gossip());
        } else if (message instanceof Message.Sync sync) {
            sync.alive().forEach(this::alive);
            for (Gossip gossip : sync.others()) {
                // A remote view of a death is a suspicion here (memberlist's rule): this peer checks for itself.
                if (gossip instanceof Gossip.Dead dead && !dead.left()) {
                    suspect(new Gossip.Suspect(dead.member(), dead.incarnation(), sender.id()));
                } else {
                    apply(gossip);
                }
            }
            if (!sync.reply()) {
                sendState(sender.address(), true);
            }
        }
        // Whoever talks to us is alive: a sender we do not know joins (its own alive news follows by gossip).
        if (!members.containsKey(sender.id()) && !sender.id().equals(self.id())) {
            alive(new Gossip.Alive(sender, 0));
        }
    }

    private void acked(long ackSeq) {
        Probe probe = probes.get(ackSeq);
        if (probe != null) {
            probe.acked = true;
            return;
        }
        Relay relay = relays.remove(ackSeq);
        if (relay != null) {
            relay.nackTimer().cancel();
            transport.send(relay.requester(), new Message.Ack(relay.requesterSeq(), gossip(null, ackBudget())));
            return;
        }
        CompletableFuture<Boolean> ping = pings.remove(ackSeq);
        if (ping != null) {
            ping.complete(true);
        }
    }

    private void relay(Contact requester, Message.PingReq request) {
        long relaySeq = nextSeq();
        stats.relayed++;
        // Lifeguard: without an answer by 80% of the probe timeout, tell the requester so (a nack).
        Scheduler.Timer nack = scheduler.schedule(config.probeTimeoutMillis() * 8 / 10, () -> {
            if (relays.remove(relaySeq) != null) {
                transport.send(requester.address(), new Message.Nack(request.seq()));
            }
        });
        relays.put(relaySeq, new Relay(requester.address(), request.seq(), nack));
        transport.send(request.target().address(), new Message.Ping(relaySeq, gossip(request.target().id(), pingBudget())));
    }

    // ------------------------------------------------------------------------------------------- probing

    private void scheduleProbe(long delay) {
        if (running) {
            probeTimer = scheduler.schedule(delay, this::probe);
        }
    }

    /** One protocol period: ping the next member; ping-req at the timeout; judge at the period's end. */
    private void probe() {
        long interval = scaled(config.probeIntervalMillis());
        Entry target = nextTarget();
        if (target == null) {
            scheduleProbe(interval);
            return;
        }
        long probeSeq = nextSeq();
        Probe probe = new Probe(target);
        probes.put(probeSeq, probe);
        stats.probes++;
        transport.send(target.contact.address(), new Message.Ping(probeSeq, gossip(target.contact.id(), pingBudget())));
        scheduler.schedule(scaled(config.probeTimeoutMillis()), () -> {
            if (probe.acked || !running) {
                return;
            }
            List<Entry> helpers = live();
            helpers.remove(target);
            Collections.shuffle(helpers, random);
            for (Entry helper : helpers.subList(0, Math.min(config.indirectChecks(), helpers.size()))) {
                probe.expectedNacks++;
                stats.pingReqs++;
                transport.send(helper.contact.address(), new Message.PingReq(probeSeq, target.contact,
                        gossip(target.contact.id(), pingReqBudget(target.contact))));
            }
        });
        scheduler.schedule(interval, () -> {
            probes.remove(probeSeq);
            judge(probe);
            scheduleProbe(0);
        });
    }

    private void judge(Probe probe) {
        if (probe.acked) {
            changeHealth(-1);
            return;
        }
        stats.failedProbes++;
        // Lifeguard: with helpers, only their missing nacks count against this peer's own health.
        changeHealth(probe.expectedNacks > 0 ? probe.expectedNacks - Math.min(probe.nacks, probe.expectedNacks) : 1);
        Entry target = members.get(probe.target.contact.id());
        if (target != null && target == probe.target && !target.state.gone()) {
            suspect(new Gossip.Suspect(target.contact.id(), target.incarnation, self.id()));
        }
    }

    private Entry nextTarget() {
        for (int tries = 0; tries <= probeOrder.size(); tries++) {
            if (probeIndex >= probeOrder.size()) {
                probeOrder.clear();
                members.values().stream().filter(entry -> !entry.state.gone()).forEach(entry -> probeOrder.add(entry.contact.id()));
                Collections.shuffle(probeOrder, random);
                probeIndex = 0;
                if (probeOrder.isEmpty()) {
                    return null;
                }
            }
            Entry entry = members.get(probeOrder.get(probeIndex++));
            if (entry != null && !entry.state.gone()) {
                return entry;
            }
        }
        return null;
    }

    private void changeHealth(int delta) {
        health = Math.max(0, Math.min(config.maxLocalHealth(), health + delta));
    }

    private long scaled(long millis) {
        return millis * (health + 1);
    }

    // ------------------------------------------------------------------------------ applying membership news

    private void merge(List<Gossip> gossip) {
        gossip.forEach(this::apply);
    }

    private void apply(Gossip gossip) {
        if (gossip instanceof Gossip.Alive alive) {
            alive(alive);
        } else if (gossip instanceof Gossip.Suspect suspect) {
            suspect(suspect);
        } else if (gossip instanceof Gossip.Dead dead) {
            dead(dead);
        }
    }

    private void alive(Gossip.Alive alive) {
        if (alive.member().equals(self.id())) {
            // News of this peer from before it restarted: carry on from that incarnation.
            incarnation = Math.max(incarnation, alive.incarnation());
            return;
        }
        Entry entry = members.get(alive.member());
        if (entry == null) {
            entry = new Entry(alive.contact(), MemberState.ALIVE, alive.incarnation(), scheduler.now());
            members.put(alive.member(), entry);
            present++;
            probeOrder.add(random.nextInt(probeOrder.size() + 1), alive.member());
            broadcasts.add(alive);
            publish(MembershipEvent.Kind.JOINED, entry);
            return;
        }
        if (alive.incarnation() <= entry.incarnation) {
            return;
        }
        MemberState before = entry.state;
        if (entry.suspicion != null) {
            entry.suspicion.cancel();
            entry.suspicion = null;
        }
        entry.contact = alive.contact();
        entry.incarnation = alive.incarnation();
        entry.state = MemberState.ALIVE;
        if (before.gone()) {
            present++;
        }
        if (before != MemberState.ALIVE) {
            entry.since = scheduler.now();
        }
        broadcasts.add(alive);
        if (before == MemberState.SUSPECT) {
            publish(MembershipEvent.Kind.REFUTED, entry);
        } else if (before.gone()) {
            publish(MembershipEvent.Kind.JOINED, entry);
        }
    }

    private void suspect(Gossip.Suspect suspect) {
        if (suspect.member().equals(self.id())) {
            refute(suspect.incarnation());
            return;
        }
        Entry entry = members.get(suspect.member());
        if (entry == null || suspect.incarnation() < entry.incarnation || entry.state.gone()) {
            return;
        }
        if (entry.state == MemberState.SUSPECT) {
            if (suspect.incarnation() == entry.incarnation && entry.suspicion != null && entry.suspicion.confirm(suspect.from())) {
                broadcasts.add(suspect);
            }
            return;
        }
        entry.state = MemberState.SUSPECT;
        entry.incarnation = suspect.incarnation();
        entry.since = scheduler.now();
        int n = size();
        int expected = config.suspicionMultiplier() - 2 > n - 2 ? 0 : config.suspicionMultiplier() - 2;
        Entry suspected = entry;
        long suspectedIncarnation = entry.incarnation;
        entry.suspicion = new Suspicion(scheduler, suspect.from(), config.minSuspicionMillis(n), config.maxSuspicionMillis(n),
                expected, () -> {
                    if (suspected.state == MemberState.SUSPECT && suspected.incarnation == suspectedIncarnation) {
                        dead(new Gossip.Dead(suspected.contact.id(), suspectedIncarnation, self.id()));
                    }
                });
        stats.suspicions++;
        broadcasts.add(suspect);
        publish(MembershipEvent.Kind.SUSPECTED, entry);
    }

    private void dead(Gossip.Dead dead) {
        if (dead.member().equals(self.id())) {
            if (running) {
                refute(dead.incarnation());
            }
            return;
        }
        Entry entry = members.get(dead.member());
        if (entry == null || dead.incarnation() < entry.incarnation || entry.state.gone()) {
            return;
        }
        if (entry.suspicion != null) {
            entry.suspicion.cancel();
            entry.suspicion = null;
        }
        entry.state = dead.left() ? MemberState.LEFT : MemberState.DEAD;
        present--;
        entry.incarnation = dead.incarnation();
        entry.since = scheduler.now();
        broadcasts.add(dead);
        publish(dead.left() ? MembershipEvent.Kind.LEFT : MembershipEvent.Kind.DEAD, entry);
        Entry gone = entry;
        long goneSince = entry.since;
        scheduler.schedule(config.deadRetentionMillis(), () -> {
            if (gone.state.gone() && gone.since == goneSince) {
                members.remove(gone.contact.id(), gone);
            }
        });
    }

    /** Someone suspects or buries this peer: outbid them with a higher incarnation (and count it against health). */
    private void refute(long accused) {
        if (accused < incarnation) {
            return;
        }
        incarnation = accused + 1;
        stats.refutations++;
        changeHealth(1);
        broadcasts.add(new Gossip.Alive(self, incarnation));
    }

    private void publish(MembershipEvent.Kind kind, Entry entry) {
        listener.changed(new MembershipEvent(kind, entry.contact, entry.incarnation));
    }

    // ------------------------------------------------------------------------------------- dissemination

    /** News to piggyback, news about {@code about} first (the buddy system), within {@code budget} bytes. */
    private List<Gossip> gossip(Key about, int budget) {
        int limit = config.retransmitLimit(size());
        Gossip buddy = about == null ? null : broadcasts.about(about);
        if (buddy == null && about != null) {
            Entry entry = members.get(about);
            if (entry != null && entry.state == MemberState.SUSPECT) {
                buddy = new Gossip.Suspect(about, entry.incarnation, self.id());
            }
        }
        List<Gossip> news = new ArrayList<>();
        boolean buddyFirst = buddy instanceof Gossip.Suspect;
        if (buddyFirst) {
            news.add(buddy);
        }
        for (Gossip item : broadcasts.take(buddyFirst ? budget - WireSizes.of(buddy) : budget, limit)) {
            if (!(buddyFirst && item.equals(buddy))) {
                news.add(item);
            }
        }
        return news;
    }

    private int payload() {
        return transport.maxBytes() - transport.overhead() - 1;
    }

    private int pingBudget() {
        return payload() - WireSizes.SEQ - WireSizes.LIST;
    }

    private int ackBudget() {
        return pingBudget();
    }

    private int pingReqBudget(Contact target) {
        return pingBudget() - WireSizes.of(target);
    }

    /**
     * A gossip round (memberlist's, beside SWIM's piggybacking): queued news to a few random members, suspects
     * included, so that news outpaces suspicion timeouts when much is happening at once.
     */
    private void gossipRound() {
        if (!running) {
            return;
        }
        // Random members, drawn from the probe order (every member not known gone), a few draws at most.
        Set<Key> picked = new HashSet<>();
        for (int draws = 0; draws < config.gossipFanout() * 4 && picked.size() < config.gossipFanout()
                && broadcasts.size() > 0 && !probeOrder.isEmpty(); draws++) {
            Entry target = members.get(probeOrder.get(random.nextInt(probeOrder.size())));
            if (target != null && !target.state.gone() && picked.add(target.contact.id())) {
                transport.send(target.contact.address(), new Message.News(gossip(target.contact.id(), payload() - WireSizes.LIST)));
            }
        }
        gossipTimer = scheduler.schedule(config.gossipIntervalMillis(), this::gossipRound);
    }

    // ------------------------------------------------------------------------------------ anti-entropy

    private void syncRound() {
        if (!running) {
            return;
        }
        List<Entry> candidates = live();
        if (!candidates.isEmpty()) {
            pushState(candidates.get(random.nextInt(candidates.size())).contact.address());
        } else {
            // Alone: keep knocking on the seeds' doors, so a peer started before its seeds still joins.
            seeds.forEach(this::pushState);
        }
        syncTimer = scheduler.schedule(jitter(config.syncIntervalMillis(size())), this::syncRound);
    }

    private void pushState(Address to) {
        stats.syncs++;
        sendState(to, false);
    }

    /**
     * This peer's whole view, in as many datagrams as it takes. Only the first part of a push asks for an
     * answer (the others are marked as replies), so a view of many parts is answered once.
     */
    private void sendState(Address to, boolean reply) {
        List<Gossip.Alive> alive = new ArrayList<>();
        List<Gossip> others = new ArrayList<>();
        alive.add(new Gossip.Alive(self, incarnation));
        for (Entry entry : members.values()) {
            switch (entry.state) {
                case ALIVE -> alive.add(new Gossip.Alive(entry.contact, entry.incarnation));
                case SUSPECT -> others.add(new Gossip.Suspect(entry.contact.id(), entry.incarnation, self.id()));
                case DEAD -> others.add(new Gossip.Dead(entry.contact.id(), entry.incarnation, self.id()));
                case LEFT -> others.add(new Gossip.Dead(entry.contact.id(), entry.incarnation, entry.contact.id()));
            }
        }
        int budget = payload() - PART_HEADROOM;
        List<Gossip.Alive> partAlive = new ArrayList<>();
        List<Gossip> partOthers = new ArrayList<>();
        boolean first = true;
        int used = 0;
        for (Gossip item : concat(alive, others)) {
            int size = WireSizes.of(item);
            if (used + size > budget) {
                transport.send(to, new Message.Sync(reply || !first, partAlive, partOthers));
                first = false;
                partAlive = new ArrayList<>();
                partOthers = new ArrayList<>();
                used = 0;
            }
            if (item instanceof Gossip.Alive one) {
                partAlive.add(one);
            } else {
                partOthers.add(item);
            }
            used += size;
        }
        transport.send(to, new Message.Sync(reply || !first, partAlive, partOthers));
    }

    private static List<Gossip> concat(List<? extends Gossip> first, List<? extends Gossip> second) {
        List<Gossip> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    // --------------------------------------------------------------------------------------------- helpers

    private List<Entry> live() {
        List<Entry> live = new ArrayList<>();
        members.values().stream().filter(entry -> entry.state == MemberState.ALIVE).forEach(live::add);
        return live;
    }

    private long nextSeq() {
        return ++seq;
    }

    private long jitter(long millis) {
        return millis / 2 + (long) (random.nextDouble() * millis);
    }
}
