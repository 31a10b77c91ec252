package dev.octet.peer.simulation;

import dev.octet.peer.membership.Member;
import dev.octet.peer.membership.MemberState;
import dev.octet.peer.membership.MembershipEvent;
import dev.octet.peer.model.Address;
import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import dev.octet.peer.node.Peer;
import dev.octet.peer.node.PeerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whole peers (SWIM and Kademlia together, exactly as the service builds them) on a {@link SimulatedNetwork}:
 * for the membership's measures, which need every peer's view: how soon a crash is known everywhere, and how
 * often a live peer is wrongly suspected or declared dead when datagrams are lost.
 */
public final class PeerSimulation {

    private final SimulatedNetwork network;
    private final PeerConfig config;
    private final List<SimulatedNetwork.Endpoint> endpoints = new ArrayList<>();
    private final List<Peer> peers = new ArrayList<>();
    private final Map<Key, Integer> indexOf = new HashMap<>();
    private final List<Observed> observed = new ArrayList<>();
    private int[] lastWrong;

    /** A membership change as peer {@code observer} saw it, at virtual time {@code millis}. */
    public record Observed(long millis, int observer, MembershipEvent event) {
    }

    public PeerSimulation(long seed, NetworkConditions conditions, PeerConfig config) {
        this.network = new SimulatedNetwork(seed, conditions);
        this.config = config;
    }

    public SimulatedNetwork network() {
        return network;
    }

    public PeerConfig config() {
        return config;
    }

    public int size() {
        return peers.size();
    }

    public Peer peer(int index) {
        return peers.get(index);
    }

    public int indexOf(Key id) {
        return indexOf.get(id);
    }

    public boolean up(int index) {
        return endpoints.get(index).up();
    }

    public List<Observed> observed() {
        return observed;
    }

    /** Grows to {@code n} peers, one every {@code intervalMillis}, each seeded with the first peer only. */
    public void grow(int n, long intervalMillis) {
        while (peers.size() < n) {
            int index = peers.size();
            Contact contact = new Contact(Key.random(network.random()), new Address("10.1." + index / 250 + "." + index % 250, 7946));
            SimulatedNetwork.Endpoint endpoint = network.attach(contact);
            endpoints.add(endpoint);
            indexOf.put(contact.id(), index);
            peers.add(null);
            boot(index, index == 0 ? List.of() : List.of(endpoints.get(0).contact().address()));
            network.runFor(intervalMillis);
        }
    }

    /** Starts a fresh peer on host {@code index} (first start, or after {@link #restart}). */
    private void boot(int index, List<Address> seeds) {
        SimulatedNetwork.Endpoint endpoint = endpoints.get(index);
        Peer peer = new Peer(endpoint.contact(), config, endpoint, endpoint, network.random());
        peer.listen(event -> observed.add(new Observed(network.now(), index, event)));
        endpoint.receiver(peer::receive);
        peers.set(index, peer);
        endpoint.execute(() -> peer.start(seeds));
    }

    public void crash(int index) {
        endpoints.get(index).crash();
    }

    /** Brings host {@code index} back with a new peer (same id and address, nothing remembered), seeded with {@code seed}. */
    public void restart(int index, int seed) {
        endpoints.get(index).restart();
        boot(index, List.of(endpoints.get(seed).contact().address()));
    }

    /**
     * Every live peer sees every other live peer alive and every crashed one gone. The pair found wrong last
     * time is checked first: while a view converges, the same few pairs stay wrong for a long time.
     */
    public boolean converged() {
        if (lastWrong != null && !right(lastWrong[0], lastWrong[1])) {
            return false;
        }
        for (int i = 0; i < peers.size(); i++) {
            for (int j = 0; j < peers.size(); j++) {
                if (!right(i, j)) {
                    lastWrong = new int[] {i, j};
                    return false;
                }
            }
        }
        lastWrong = null;
        return true;
    }

    /** Whether peer {@code i} sees host {@code j} as it is (trivially, when i is down or is j). */
    private boolean right(int i, int j) {
        if (i == j || !up(i)) {
            return true;
        }
        Member member = peers.get(i).membership().member(endpoints.get(j).contact().id());
        return up(j) ? member != null && member.state() == MemberState.ALIVE : member == null || member.state().gone();
    }

    /** How many live peers see host {@code index} in {@code state}. */
    public int seenAs(int index, MemberState state) {
        Key id = endpoints.get(index).contact().id();
        int count = 0;
        for (int i = 0; i < peers.size(); i++) {
            if (i != index && up(i)) {
                Member member = peers.get(i).membership().member(id);
                if (member != null && member.state() == state) {
                    count++;
                }
            }
        }
        return count;
    }

    public int livePeers() {
        int count = 0;
        for (int i = 0; i < peers.size(); i++) {
            if (up(i)) {
                count++;
            }
        }
        return count;
    }
}
