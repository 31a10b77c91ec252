package dev.octet.router.transaction;

import dev.octet.router.backend.ShardConnection;
import dev.octet.router.backend.ShardPool;
import dev.octet.router.backend.Shards;
import dev.octet.router.protocol.DataRow;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.SqlState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Breaks distributed deadlocks: transactions that wait for each other in a cycle through different
 * shards. Each shard sees only its own waits, so PostgreSQL's deadlock detector cannot see such a
 * cycle, and without help the transactions would wait forever.
 *
 * <p>Every round reads each shard's lock waits ({@code pg_blocking_pids} over
 * {@code pg_stat_activity}), maps the waiting and the blocking backends to the router's transactions
 * through the {@link TransactionRegistry} (the router's own map of which shard backends belong
 * together), and looks for cycles in the wait-for graph between transactions. A wait counts once two
 * consecutive rounds have seen it: the shards are read one after another, so two waits read at
 * different moments could otherwise make a cycle that never existed. In each cycle the youngest
 * transaction (the last to start using shards, as Citus chooses) is the victim: its waiting
 * statements are cancelled and report 40P01 "deadlock detected", as PostgreSQL's do on one server, so
 * that clients retry. With rounds every second, a deadlock is broken within about two seconds.
 *
 * <p>Waits on backends that belong to no session of this router (another client, a prepared
 * transaction) are not in the graph: a cycle through them is not this router's to break.
 */
public final class DeadlockDetector implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DeadlockDetector.class);
    static final String LOCK_WAITS = "select pid, pg_blocking_pids(pid) from pg_stat_activity "
            + "where wait_event_type = 'Lock' and datname = current_database()";

    /** One backend waiting for another on one shard. */
    record Wait(int shard, int waiter, int holder) {
    }

    private record Backend(int shard, int pid) {
    }

    private final Shards shards;
    private final TransactionRegistry registry;
    private final ShardConnection[] connections;
    private final AtomicLong victims = new AtomicLong();
    private Set<Wait> previous = Set.of();

    public DeadlockDetector(Shards shards, TransactionRegistry registry) {
        this.shards = shards;
        this.registry = registry;
        this.connections = new ShardConnection[shards.count()];
    }

    /** How many transactions were cancelled to break deadlocks since the router started. */
    public long victims() {
        return victims.get();
    }

    /** One round, for a scheduler: failures are logged, never thrown. */
    public void run() {
        try {
            detect();
        } catch (RuntimeException e) {
            LOG.warnf("Distributed deadlock detection failed this round: %s", e.getMessage());
        }
    }

    /** One round: reads the waits, and cancels a victim in each deadlock seen twice. Returns how many. */
    public synchronized int detect() {
        Set<Wait> waits = readWaits();
        Set<Wait> lasting = new HashSet<>(waits);
        lasting.retainAll(previous);
        previous = waits;
        if (lasting.isEmpty()) {
            return 0;
        }
        Map<Backend, ClientTransaction> owners = owners();
        WaitForGraph<ClientTransaction> graph = new WaitForGraph<>();
        Map<ClientTransaction, List<Wait>> waitsOf = new HashMap<>();
        for (Wait wait : lasting) {
            ClientTransaction waiter = owners.get(new Backend(wait.shard(), wait.waiter()));
            ClientTransaction holder = owners.get(new Backend(wait.shard(), wait.holder()));
            if (waiter != null && holder != null && waiter != holder) {
                graph.addEdge(waiter, holder);
                waitsOf.computeIfAbsent(waiter, w -> new ArrayList<>()).add(wait);
            }
        }
        int cancelled = 0;
        for (Set<ClientTransaction> cycle : graph.deadlocks()) {
            ClientTransaction victim = cycle.stream().max(Comparator.comparingLong(ClientTransaction::started)).orElseThrow();
            String detail = describe(cycle, waitsOf, owners, victim);
            LOG.infof("Breaking a distributed deadlock: %s", detail);
            PgException error = new PgException(SqlState.DEADLOCK_DETECTED, "deadlock detected",
                    "A distributed deadlock across shards: " + detail);
            for (Wait wait : waitsOf.getOrDefault(victim, List.of())) {
                if (cycle.contains(owners.get(new Backend(wait.shard(), wait.holder())))) {
                    cancel(victim, wait, error);
                }
            }
            victims.incrementAndGet();
            cancelled++;
        }
        return cancelled;
    }

    /** The lock waits on every reachable shard now. */
    private Set<Wait> readWaits() {
        Set<Wait> waits = new HashSet<>();
        for (int shard = 0; shard < connections.length; shard++) {
            ShardConnection connection = connection(shard);
            if (connection == null) {
                continue;
            }
            try {
                for (PgMessage message : connection.simpleQuery(LOCK_WAITS)) {
                    if (message.kind() != 'D') {
                        continue;
                    }
                    byte[][] row = DataRow.columns(message.payload());
                    int waiter = Integer.parseInt(new String(row[0], StandardCharsets.UTF_8));
                    for (int holder : pids(row[1])) {
                        if (holder != 0) {
                            waits.add(new Wait(shard, waiter, holder));
                        }
                    }
                }
            } catch (RuntimeException e) {
                drop(shard);
            }
        }
        return waits;
    }

    /** A PostgreSQL integer array in text form, {@code {12,34}}. */
    static List<Integer> pids(byte[] text) {
        List<Integer> pids = new ArrayList<>();
        if (text == null) {
            return pids;
        }
        String array = new String(text, StandardCharsets.UTF_8).replace("{", "").replace("}", "").trim();
        for (String pid : array.split(",")) {
            if (!pid.isBlank()) {
                pids.add(Integer.parseInt(pid.trim()));
            }
        }
        return pids;
    }

    /** Which transaction each shard backend of this router's sessions belongs to. */
    private Map<Backend, ClientTransaction> owners() {
        Map<Backend, ClientTransaction> owners = new HashMap<>();
        for (ClientTransaction transaction : registry.snapshot()) {
            for (ShardConnection connection : transaction.heldConnections()) {
                owners.put(new Backend(connection.shard(), connection.processId()), transaction);
            }
        }
        return owners;
    }

    /** Cancels the victim's statement waiting in {@code wait}, if it still waits, so that it reports {@code error}. */
    private void cancel(ClientTransaction victim, Wait wait, PgException error) {
        ShardConnection waiting = victim.heldConnections().stream()
                .filter(c -> c.shard() == wait.shard() && c.processId() == wait.waiter()).findFirst().orElse(null);
        ShardConnection detector = connection(wait.shard());
        if (waiting == null || detector == null) {
            return;
        }
        waiting.reportCancelAs(error);
        try {
            detector.simpleQuery("select pg_cancel_backend(pid) from pg_stat_activity where pid = " + wait.waiter()
                    + " and wait_event_type = 'Lock'");
        } catch (RuntimeException e) {
            drop(wait.shard());
        }
    }

    /** "session 1002 waits for session 1001 on shard 1; ... session 1002, the youngest ..., is cancelled to break the cycle." */
    private static String describe(Set<ClientTransaction> cycle, Map<ClientTransaction, List<Wait>> waitsOf,
                                   Map<Backend, ClientTransaction> owners, ClientTransaction victim) {
        Set<String> lines = new LinkedHashSet<>();
        for (ClientTransaction waiter : cycle) {
            for (Wait wait : waitsOf.getOrDefault(waiter, List.of())) {
                ClientTransaction holder = owners.get(new Backend(wait.shard(), wait.holder()));
                if (cycle.contains(holder)) {
                    lines.add(waiter.name() + " waits for " + holder.name() + " on shard " + wait.shard());
                }
            }
        }
        return String.join("; ", lines) + ". " + victim.name() + ", the youngest transaction, is cancelled to "
                + "break the cycle.";
    }

    /** The detector's own connection to {@code shard}: opened when needed, none while the shard is down. */
    private ShardConnection connection(int shard) {
        if (connections[shard] != null && !connections[shard].isBroken()) {
            return connections[shard];
        }
        drop(shard);
        ShardPool pool = shards.pool(shard);
        if (!pool.isHealthy()) {
            return null;
        }
        try {
            connections[shard] = pool.openDedicated();
            connections[shard].simpleQuery("set application_name = 'octet-query-router-deadlock-detector'");
            return connections[shard];
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void drop(int shard) {
        if (connections[shard] != null) {
            connections[shard].close();
            connections[shard] = null;
        }
    }

    @Override
    public synchronized void close() {
        for (int shard = 0; shard < connections.length; shard++) {
            drop(shard);
        }
    }
}
