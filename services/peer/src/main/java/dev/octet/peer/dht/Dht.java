package dev.octet.peer.dht;

import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import dev.octet.peer.protocol.Message;
import dev.octet.peer.protocol.WireSizes;
import dev.octet.peer.runtime.Scheduler;
import dev.octet.peer.runtime.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One peer's part of the Kademlia DHT: its routing table, the provider records it keeps for others, and the
 * lookups it runs. Values are provider records ("this peer holds the blob"), as in the IPFS DHT: the bytes
 * travel peer to peer over HTTP, and every holder re-announces itself each republish interval.
 *
 * <p>Everything runs on the peer's scheduler thread; answers to this peer's requests are matched by their
 * sequence number and time out after the RPC timeout.
 */
public final class Dht {

    private final Contact self;
    private final DhtConfig config;
    private final Transport transport;
    private final Scheduler scheduler;
    private final Random random;
    private final Function<Contact, CompletionStage<Boolean>> pinger;
    private final RoutingTable table;
    private final ProviderRecords records;
    private final Set<Key> provided = new LinkedHashSet<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Set<Key> evictionPings = new HashSet<>();
    private final DhtStats stats = new DhtStats();
    private long seq;
    private boolean running;
    private boolean bootstrapped;

    /** A request of this peer's, waiting for its answer from {@code to}. */
    private record Pending(Key to, CompletableFuture<Message> answer) {
    }
    private Scheduler.Timer maintenance;

    /**
     * @param pinger asks whether a contact answers a ping (SWIM's direct ping), for the bucket eviction rule
     */
    public Dht(Contact self, DhtConfig config, Transport transport, Scheduler scheduler, Random random,
            Function<Contact, CompletionStage<Boolean>> pinger) {
        this.self = self;
        this.config = config;
        this.transport = transport;
        this.scheduler = scheduler;
        this.random = random;
        this.pinger = pinger;
        this.table = new RoutingTable(self.id(), config.k(), config.questionableAfterMillis());
        this.records = new ProviderRecords(config.maxProvidersPerKey(), config.maxRecords());
    }

    public RoutingTable table() {
        return table;
    }

    public DhtStats stats() {
        return stats;
    }

    public DhtConfig config() {
        return config;
    }

    public int records() {
        return records.size();
    }

    // ----------------------------------------------------------------------------------------- lifecycle

    /**
     * Joins the DHT: as soon as the table holds a contact (a seed's answer, or a peer that called), a lookup for
     * this peer's own id fills the nearby buckets and introduces it to its neighbours; then every bucket from
     * there out is refreshed. Starts the periodic refresh and the records' expiry.
     */
    public void start() {
        running = true;
        maintenance = scheduler.schedule(config.refreshIntervalMillis() / 10 + random.nextInt(1000), this::maintain);
        bootstrap();
    }

    /** The join lookup, once the table holds a first contact (a seed that answered, or a peer that called). */
    private void bootstrap() {
        if (bootstrapped || table.size() == 0) {
            return;
        }
        bootstrapped = true;
        scheduler.execute(() -> findNode(self.id()).whenComplete((result, failure) -> refresh(table.stale(scheduler.now(), 0))));
    }

    /** Whether the join lookup has run (a peer alone waits for a first contact). */
    public boolean bootstrapped() {
        return bootstrapped;
    }

    public void stop() {
        running = false;
        if (maintenance != null) {
            maintenance.cancel();
        }
        pending.values().forEach(request -> request.answer().complete(null));
        pending.clear();
    }

    private void maintain() {
        if (!running) {
            return;
        }
        long now = scheduler.now();
        records.expire(now);
        refresh(table.stale(now, config.refreshIntervalMillis()));
        maintenance = scheduler.schedule(config.refreshIntervalMillis() / 10, this::maintain);
    }

    private void refresh(List<Integer> buckets) {
        for (int index : buckets) {
            stats.refreshes++;
            findNode(Key.randomInBucket(self.id(), index, random));
        }
    }

    // ------------------------------------------------------------------------------------------- contacts

    /** A contact that sent a signed message: offered to the routing table, with a ping if its bucket is full. */
    public void observe(Contact contact) {
        if (!running || contact.id().equals(self.id())) {
            return;
        }
        if (table.observe(contact, scheduler.now()) instanceof RoutingTable.Admission.BucketFull full) {
            Contact oldest = full.leastRecentlySeen();
            if (evictionPings.add(oldest.id())) {
                pinger.apply(oldest).whenComplete((answered, failure) -> {
                    evictionPings.remove(oldest.id());
                    if (Boolean.TRUE.equals(answered)) {
                        table.keep(oldest, scheduler.now());
                    } else {
                        stats.evictions++;
                        table.evict(oldest.id());
                    }
                });
            }
        }
        bootstrap();
    }

    /** A contact is dead (SWIM says so): out of the table and of every provider record. */
    public void forget(Key id) {
        table.evict(id);
        records.forget(id);
    }

    // ------------------------------------------------------------------------------------------- lookups

    /** The k peers closest to {@code target} that answer. */
    public CompletionStage<LookupResult> findNode(Key target) {
        return lookup(target, false);
    }

    /** The providers of {@code key}: from this peer's own records if it has some, else by a value lookup. */
    public CompletionStage<LookupResult> findProviders(Key key) {
        List<Contact> local = localProviders(key);
        if (!local.isEmpty()) {
            return CompletableFuture.completedFuture(new LookupResult(key, List.of(), local, List.of(), 0, 0, false));
        }
        return lookup(key, true);
    }

    /** Announces that this peer holds {@code key}: a STORE to the k closest peers; re-announced each republish interval. */
    public CompletionStage<List<Contact>> provide(Key key) {
        provided.add(key);
        return announce(key);
    }

    /** This peer no longer holds {@code key} (records elsewhere expire). */
    public void unprovide(Key key) {
        provided.remove(key);
    }

    public Set<Key> provided() {
        return Set.copyOf(provided);
    }

    /** STOREs this peer as a provider of {@code key} on the k closest peers; completes with those that confirmed. */
    public CompletionStage<List<Contact>> announce(Key key) {
        stats.announcements++;
        return findNode(key).thenCompose(result -> {
            List<CompletableFuture<Message>> stores = new ArrayList<>();
            for (Contact contact : result.closest()) {
                stores.add(request(contact, id -> new Message.Store(id, key, self, config.recordTtlSeconds())));
            }
            return CompletableFuture.allOf(stores.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
                List<Contact> stored = new ArrayList<>();
                for (int i = 0; i < stores.size(); i++) {
                    if (stores.get(i).join() instanceof Message.Stored) {
                        stored.add(result.closest().get(i));
                    }
                }
                return stored;
            });
        });
    }

    private CompletionStage<LookupResult> lookup(Key target, boolean value) {
        stats.lookups++;
        int bucket = self.id().bucketIndex(target);
        if (bucket >= 0) {
            table.touch(bucket, scheduler.now());
        }
        Lookup lookup = new Lookup(target, value, config, scheduler, self.id(), table.closest(target, config.k()),
                (contact, findValue) -> request(contact, id -> findValue ? new Message.FindValue(id, target)
                        : new Message.FindNode(id, target)));
        return lookup.run().whenComplete((result, failure) -> {
            if (result == null) {
                return;
            }
            stats.hops += result.hops();
            if (value && result.found()) {
                cache(target, result, lookup.cacheCandidate());
            }
        });
    }

    /** Kademlia's caching: the closest peer on the path that lacked the value keeps a short-lived copy of the record. */
    private void cache(Key key, LookupResult result, Contact at) {
        if (at == null) {
            return;
        }
        for (Contact provider : result.providers().subList(0, Math.min(3, result.providers().size()))) {
            transport.send(at.address(), new Message.Store(++seq, key, provider, config.cacheTtlSeconds()));
        }
    }

    /** Republishes everything this peer provides (the service calls this each republish interval). */
    public void republish() {
        provided.forEach(this::announce);
    }

    // ------------------------------------------------------------------------------------------ requests

    private CompletableFuture<Message> request(Contact to, Function<Long, Message> message) {
        long id = ++seq;
        CompletableFuture<Message> answer = new CompletableFuture<>();
        pending.put(id, new Pending(to.id(), answer));
        stats.requests++;
        transport.send(to.address(), message.apply(id));
        scheduler.schedule(config.rpcTimeoutMillis(), () -> {
            if (pending.remove(id) != null) {
                stats.timeouts++;
                answer.complete(null);
            }
        });
        return answer;
    }

    /** Handles a Kademlia message from a verified sender: answers requests, completes this peer's own. */
    public void receive(Contact sender, Message message) {
        if (!running) {
            return;
        }
        if (message instanceof Message.FindNode find) {
            transport.send(sender.address(), new Message.Nodes(find.seq(), fitting(table.closest(find.target(), config.k()), 1)));
        } else if (message instanceof Message.FindValue find) {
            List<Contact> providers = localProviders(find.key());
            int room = payload() - 2 - providers.stream().mapToInt(WireSizes::of).sum();
            List<Contact> closest = providers.isEmpty() ? fitting(table.closest(find.key(), config.k()), 2) : List.of();
            transport.send(sender.address(), new Message.Providers(find.seq(), room < 0 ? fitting(providers, 2) : providers,
                    closest));
        } else if (message instanceof Message.Store store) {
            boolean aboutSender = store.provider().id().equals(sender.id());
            // A peer may announce itself for the record's full life; a record about another is a cached copy.
            int ttl = Math.min(store.ttlSeconds(), aboutSender ? config.recordTtlSeconds() : config.cacheTtlSeconds());
            if (records.put(store.key(), store.provider(), scheduler.now() + ttl * 1000L)) {
                stats.stored++;
                transport.send(sender.address(), new Message.Stored(store.seq()));
            }
        } else if (message instanceof Message.Nodes || message instanceof Message.Providers || message instanceof Message.Stored) {
            // Only the peer asked may answer: an answer from anyone else is not taken, whatever its number.
            Pending request = pending.get(seq(message));
            if (request != null && request.to().equals(sender.id())) {
                pending.remove(seq(message));
                request.answer().complete(message);
            } else {
                stats.unexpected++;
            }
        }
    }

    private List<Contact> localProviders(Key key) {
        List<Contact> providers = new ArrayList<>();
        if (provided.contains(key)) {
            providers.add(self);
        }
        records.providers(key, scheduler.now()).stream().filter(provider -> !provider.id().equals(self.id()))
                .forEach(providers::add);
        return providers;
    }

    /** As many contacts, closest first, as fit a datagram beside {@code lists} length prefixes. */
    private List<Contact> fitting(List<Contact> contacts, int lists) {
        int left = payload() - WireSizes.SEQ - lists;
        List<Contact> fit = new ArrayList<>();
        for (Contact contact : contacts) {
            left -= WireSizes.of(contact);
            if (left < 0) {
                break;
            }
            fit.add(contact);
        }
        return fit;
    }

    private int payload() {
        return transport.maxBytes() - transport.overhead() - 1;
    }

    private static long seq(Message message) {
        if (message instanceof Message.Nodes nodes) {
            return nodes.seq();
        }
        if (message instanceof Message.Providers providers) {
            return providers.seq();
        }
        return ((Message.Stored) message).seq();
    }
}
