package dev.octet.peer.node;

import dev.octet.peer.dht.Dht;
import dev.octet.peer.membership.Membership;
import dev.octet.peer.membership.MembershipEvent;
import dev.octet.peer.model.Address;
import dev.octet.peer.model.Contact;
import dev.octet.peer.protocol.Envelope;
import dev.octet.peer.protocol.Message;
import dev.octet.peer.runtime.Scheduler;
import dev.octet.peer.runtime.Transport;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One peer's protocols, as the running service and the simulation both build it: SWIM membership and the
 * Kademlia DHT over one transport and one scheduler thread. The two meet in three places: every signed
 * message's sender is offered to the routing table; a member SWIM declares dead or departed leaves the
 * routing table and the provider records; and a full k-bucket's eviction ping is SWIM's ping.
 */
public final class Peer {

    private final Contact self;
    private final Scheduler scheduler;
    private final Membership membership;
    private final Dht dht;
    private final List<MembershipEvent.Listener> listeners = new CopyOnWriteArrayList<>();

    public Peer(Contact self, PeerConfig config, Transport transport, Scheduler scheduler, Random random) {
        this.self = self;
        this.scheduler = scheduler;
        this.membership = new Membership(self, config.membership(), transport, scheduler, random, this::changed);
        this.dht = new Dht(self, config.dht(), transport, scheduler, random, membership::ping);
    }

    public Contact self() {
        return self;
    }

    public Membership membership() {
        return membership;
    }

    public Dht dht() {
        return dht;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** Listens to membership changes (on the peer's thread). */
    public void listen(MembershipEvent.Listener listener) {
        listeners.add(listener);
    }

    /** Joins through {@code seeds} (on the peer's thread): membership first, then the DHT's self-lookup. */
    public void start(Collection<Address> seeds) {
        membership.start(seeds);
        dht.start();
    }

    public void leave() {
        membership.leave();
        dht.stop();
    }

    public void stop() {
        membership.stop();
        dht.stop();
    }

    /** A verified message from the transport (on the peer's thread). */
    public void receive(Envelope envelope) {
        Contact sender = envelope.sender();
        if (sender.id().equals(self.id())) {
            return;
        }
        Message message = envelope.message();
        dht.observe(sender);
        if (message instanceof Message.Ping || message instanceof Message.Ack || message instanceof Message.PingReq
                || message instanceof Message.Nack || message instanceof Message.Sync || message instanceof Message.News) {
            membership.receive(sender, message);
        } else {
            dht.receive(sender, message);
        }
    }

    private void changed(MembershipEvent event) {
        // Members heard of by gossip are not offered to the routing table (hearsay): they enter it when they
        // answer a probe, which is a signed message of their own.
        if (event.kind() == MembershipEvent.Kind.DEAD || event.kind() == MembershipEvent.Kind.LEFT) {
            dht.forget(event.member().id());
        }
        listeners.forEach(listener -> listener.changed(event));
    }
}
