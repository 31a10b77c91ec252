package dev.octet.peer.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.octet.peer.dht.DhtConfig;
import dev.octet.peer.dht.LookupResult;
import dev.octet.peer.membership.Member;
import dev.octet.peer.membership.MemberState;
import dev.octet.peer.membership.MembershipConfig;
import dev.octet.peer.model.Address;
import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import dev.octet.peer.node.Peer;
import dev.octet.peer.node.PeerConfig;
import dev.octet.peer.protocol.Message;
import dev.octet.peer.protocol.NodeKeys;
import dev.octet.peer.protocol.Rejection;
import dev.octet.peer.protocol.WireCodec;
import io.vertx.core.Vertx;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Three peers over real UDP on loopback, with real keys and signatures: the protocols as the service will run them. */
class UdpPeersTest {

    private static final String HOST = "127.0.0.1";
    /** SWIM five times faster than the LAN defaults, so the test waits seconds, not tens of seconds. */
    private static final MembershipConfig SWIM = new MembershipConfig(200, 100, 3, 4, 4, 6, 8, 2_000, 60_000, 50, 3);
    private static final PeerConfig CONFIG = new PeerConfig(SWIM, DhtConfig.defaults());

    private Vertx vertx;
    private final List<Running> peers = new ArrayList<>();

    private record Running(Peer peer, UdpTransport transport, NodeKeys keys) {
        Contact contact() {
            return peer.self();
        }
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Running first = start(List.of());
        Running second = start(List.of(first.contact().address()));
        // The third names only the second: nobody needs to know every peer.
        start(List.of(second.contact().address()));
        await().atMost(Duration.ofSeconds(20)).until(() -> everyoneSees(MemberState.ALIVE, 0, 1, 2));
    }

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private Running start(List<Address> seeds) throws Exception {
        NodeKeys keys = NodeKeys.generate();
        Address address = new Address(HOST, freeUdpPort());
        WireCodec codec = new WireCodec(keys, address, 1400);
        EventLoopScheduler scheduler = new EventLoopScheduler(vertx);
        UdpTransport transport = new UdpTransport(vertx, scheduler, codec, address);
        Peer peer = new Peer(new Contact(keys.id(), address), CONFIG, transport, scheduler, new Random());
        transport.listen(HOST, address.port(), peer::receive).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        scheduler.execute(() -> peer.start(seeds));
        Running running = new Running(peer, transport, keys);
        peers.add(running);
        return running;
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName(HOST))) {
            return probe.getLocalPort();
        }
    }

    /** Runs {@code query} on peer {@code index}'s event loop and waits for its answer. */
    private <T> T on(int index, java.util.function.Supplier<T> query) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        peers.get(index).peer().scheduler().execute(() -> answer.complete(query.get()));
        return answer.join();
    }

    private boolean everyoneSees(MemberState state, int... indexes) {
        for (int observer : indexes) {
            for (int observed : indexes) {
                if (observer != observed) {
                    Key id = peers.get(observed).contact().id();
                    Member member = on(observer, () -> peers.get(observer).peer().membership().member(id));
                    if (member == null || member.state() != state) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private void sendRaw(int index, byte[] datagram) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            Address to = peers.get(index).contact().address();
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getByName(to.host()), to.port()));
        }
    }

    @Test
    void peersJoinThroughAnyPeerAndFindEachOtherInTheDht() {
        CompletableFuture<LookupResult> lookup = new CompletableFuture<>();
        Peer first = peers.get(0).peer();
        first.scheduler().execute(() -> first.dht().findNode(Key.random(new Random())).thenAccept(lookup::complete));
        LookupResult result = lookup.join();
        assertThat(result.closest()).extracting(Contact::id)
                .containsExactlyInAnyOrder(peers.get(1).contact().id(), peers.get(2).contact().id());
        assertThat(result.path()).allSatisfy(step -> assertThat(step.outcome()).isEqualTo(LookupResult.Outcome.ANSWERED));
    }

    @Test
    void garbageAndForgeriesAreDroppedCountedAndChangeNothing() throws Exception {
        UdpTransport target = peers.get(0).transport();
        sendRaw(0, "GET / HTTP/1.1\r\n\r\n".repeat(8).getBytes());
        sendRaw(0, new byte[4_000]);
        // An impostor claims the second peer's id, signing with its own key.
        NodeKeys impostor = NodeKeys.generate();
        byte[] forged = new WireCodec(impostor, peers.get(1).contact().address(), 1400)
                .encode(new Message.Sync(false, List.of(), List.of()));
        System.arraycopy(peers.get(1).contact().id().toBytes(), 0, forged, 3, Key.BYTES);
        sendRaw(0, forged);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(target.rejected(Rejection.MALFORMED)).isEqualTo(1);
            assertThat(target.rejected(Rejection.OVERSIZED)).isEqualTo(1);
            assertThat(target.rejected(Rejection.ID_MISMATCH)).isEqualTo(1);
        });
        assertThat(everyoneSees(MemberState.ALIVE, 0, 1, 2)).isTrue();
        assertThat(on(0, () -> peers.get(0).peer().membership().members())).hasSize(2);
    }

    @Test
    void aPeerThatStopsAnsweringIsDeclaredDeadByTheOthersWithinTheBound() {
        Running third = peers.get(2);
        third.transport().close().toCompletionStage().toCompletableFuture().join();
        third.peer().scheduler().execute(() -> third.peer().stop());
        long bound = SWIM.detectionBoundMillis(3);
        Key id = third.contact().id();
        await().atMost(Duration.ofMillis(bound * 3)).until(() ->
                on(0, () -> peers.get(0).peer().membership().member(id).state()) == MemberState.DEAD
                        && on(1, () -> peers.get(1).peer().membership().member(id).state()) == MemberState.DEAD);
        assertThat(on(0, () -> peers.get(0).peer().dht().table().contains(id))).as("gone from the routing table").isFalse();
    }
}
