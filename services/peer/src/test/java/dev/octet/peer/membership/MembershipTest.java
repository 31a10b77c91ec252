package dev.octet.peer.membership;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.peer.model.Address;
import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import dev.octet.peer.protocol.Gossip;
import dev.octet.peer.protocol.Message;
import dev.octet.peer.runtime.Transport;
import dev.octet.peer.simulation.NetworkConditions;
import dev.octet.peer.simulation.SimulatedNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SWIM's state machine, one peer at a time: what it does with each piece of news, on a virtual clock. */
class MembershipTest {

    private final Random random = new Random(11);
    private final SimulatedNetwork clock = new SimulatedNetwork(11, NetworkConditions.lan());
    private final Contact self = contact(8091);
    private final Contact other = contact(8092);
    private final Contact third = contact(8093);
    private final Contact fourth = contact(8094);
    private final List<Message> sent = new ArrayList<>();
    private final List<MembershipEvent> events = new ArrayList<>();
    /** Members that do not answer: the others ack every ping this peer sends them. */
    private final java.util.Set<Address> silent = new java.util.HashSet<>();
    private SimulatedNetwork.Endpoint endpoint;
    private Membership membership;

    private Contact contact(int port) {
        return new Contact(Key.random(random), new Address("10.0.0.1", port));
    }

    @BeforeEach
    void start() {
        endpoint = clock.attach(self);
        Transport capturing = new Transport() {
            @Override
            public void send(Address to, Message message) {
                sent.add(message);
                if (message instanceof Message.Ping ping && !silent.contains(to)) {
                    Contact target = to.equals(other.address()) ? other : third;
                    endpoint.schedule(1, () -> membership.receive(target, new Message.Ack(ping.seq(), List.of())));
                }
            }

            @Override
            public int maxBytes() {
                return 1400;
            }

            @Override
            public int overhead() {
                return endpoint.overhead();
            }
        };
        membership = new Membership(self, MembershipConfig.lan().withSyncInterval(0), capturing, endpoint, random, events::add);
        membership.start(List.of());
        membership.receive(other, new Message.Ping(1, List.of(new Gossip.Alive(other, 0))));
        membership.receive(third, new Message.Ping(2, List.of(new Gossip.Alive(third, 0))));
        sent.clear();
        events.clear();
    }

    private List<Gossip> gossipSent() {
        List<Gossip> gossip = new ArrayList<>();
        for (Message message : sent) {
            if (message instanceof Message.Ping ping) {
                gossip.addAll(ping.gossip());
            } else if (message instanceof Message.Ack ack) {
                gossip.addAll(ack.gossip());
            }
        }
        return gossip;
    }

    private MemberState stateOf(Contact contact) {
        return membership.member(contact.id()).state();
    }

    @Test
    void aPeerRefutesASuspicionOfItselfWithAHigherIncarnationAndSaysSo() {
        membership.receive(other, new Message.Ping(3, List.of(new Gossip.Suspect(self.id(), 0, other.id()))));
        assertThat(membership.incarnation()).isEqualTo(1);
        assertThat(gossipSent()).contains(new Gossip.Alive(self, 1));
        assertThat(membership.localHealth()).as("having to refute counts against this peer's health").isEqualTo(1);
        assertThat(membership.stats().refutations()).isEqualTo(1);
    }

    @Test
    void aSuspicionOfAnOlderIncarnationIsIgnored() {
        membership.receive(third, new Message.Ping(3, List.of(new Gossip.Alive(other, 2))));
        membership.receive(third, new Message.Ping(4, List.of(new Gossip.Suspect(other.id(), 1, third.id()))));
        assertThat(stateOf(other)).isEqualTo(MemberState.ALIVE);
        assertThat(events).isEmpty();
    }

    @Test
    void aSuspectThatRefutesWithAHigherIncarnationIsAliveAgain() {
        membership.receive(third, new Message.Ping(3, List.of(new Gossip.Suspect(other.id(), 0, third.id()))));
        assertThat(stateOf(other)).isEqualTo(MemberState.SUSPECT);
        membership.receive(third, new Message.Ping(4, List.of(new Gossip.Alive(other, 0))));
        assertThat(stateOf(other)).as("an alive message at the same incarnation does not refute").isEqualTo(MemberState.SUSPECT);
        membership.receive(other, new Message.Ping(5, List.of(new Gossip.Alive(other, 1))));
        assertThat(stateOf(other)).isEqualTo(MemberState.ALIVE);
        assertThat(events).extracting(MembershipEvent::kind)
                .containsExactly(MembershipEvent.Kind.SUSPECTED, MembershipEvent.Kind.REFUTED);
        clock.runFor(MembershipConfig.lan().maxSuspicionMillis(3) + 1);
        assertThat(events).extracting(MembershipEvent::kind).doesNotContain(MembershipEvent.Kind.DEAD);
    }

    @Test
    void anUnrefutedSuspicionEndsInDeathAtItsTimeoutAndConfirmationsShortenIt() {
        MembershipConfig config = MembershipConfig.lan();
        long start = clock.now();
        membership.receive(third, new Message.Ping(3, List.of(new Gossip.Suspect(other.id(), 0, third.id()))));
        // Three members: the least timeout with no confirmations expected (n - 2 < suspicionMultiplier - 2).
        clock.runUntil(() -> stateOf(other) == MemberState.DEAD, config.maxSuspicionMillis(3) * 2);
        assertThat(stateOf(other)).isEqualTo(MemberState.DEAD);
        assertThat(clock.now() - start).isLessThanOrEqualTo(config.minSuspicionMillis(3) + SimulatedNetwork.CHECK_MILLIS);
        assertThat(events).extracting(MembershipEvent::kind)
                .containsExactly(MembershipEvent.Kind.SUSPECTED, MembershipEvent.Kind.DEAD);
    }

    @Test
    void aDeadMemberComesBackOnlyWithAHigherIncarnation() {
        membership.receive(third, new Message.Ping(3, List.of(new Gossip.Dead(other.id(), 0, third.id()))));
        assertThat(stateOf(other)).isEqualTo(MemberState.DEAD);
        membership.receive(third, new Message.Ping(4, List.of(new Gossip.Alive(other, 0))));
        assertThat(stateOf(other)).isEqualTo(MemberState.DEAD);
        membership.receive(other, new Message.Ping(5, List.of(new Gossip.Alive(other, 1))));
        assertThat(stateOf(other)).isEqualTo(MemberState.ALIVE);
        assertThat(events).extracting(MembershipEvent::kind)
                .containsExactly(MembershipEvent.Kind.DEAD, MembershipEvent.Kind.JOINED);
    }

    @Test
    void aMemberThatLeavesIsMarkedLeftNotDead() {
        membership.receive(other, new Message.Ping(3, List.of(new Gossip.Dead(other.id(), 0, other.id()))));
        assertThat(stateOf(other)).isEqualTo(MemberState.LEFT);
        assertThat(events).extracting(MembershipEvent::kind).containsExactly(MembershipEvent.Kind.LEFT);
    }

    @Test
    void aPingIsAnsweredWithAnAckOfItsSequenceNumber() {
        membership.receive(other, new Message.Ping(77, List.of()));
        assertThat(sent).singleElement().isInstanceOfSatisfying(Message.Ack.class, ack -> assertThat(ack.seq()).isEqualTo(77));
    }

    @Test
    void aRelayNacksWhenTheTargetStaysSilent() {
        silent.add(fourth.address());
        membership.receive(other, new Message.PingReq(9, fourth, List.of()));
        assertThat(sent).singleElement().isInstanceOf(Message.Ping.class);
        clock.runFor(MembershipConfig.lan().probeTimeoutMillis());
        assertThat(sent).anySatisfy(message -> assertThat(message).isEqualTo(new Message.Nack(9)));
    }

    @Test
    void probesWithoutAnAnswerRaiseTheLocalHealthMultiplier() {
        // Nobody answers this peer's probes, and nobody nacks either.
        silent.add(other.address());
        silent.add(third.address());
        clock.runFor(MembershipConfig.lan().probeIntervalMillis() * 3);
        assertThat(membership.localHealth()).isGreaterThan(0);
        assertThat(membership.stats().failedProbes()).isGreaterThan(0);
        assertThat(sent).anySatisfy(message -> assertThat(message).isInstanceOf(Message.PingReq.class));
    }
}
