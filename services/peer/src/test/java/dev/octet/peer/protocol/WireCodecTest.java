package dev.octet.peer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.peer.model.Address;
import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import dev.octet.peer.protocol.Rejection.RejectedMessage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    private static final int MAX = 1400;
    private final Random random = new Random(5);
    private final NodeKeys alice = NodeKeys.generate();
    private final NodeKeys mallory = NodeKeys.generate();
    private final WireCodec aliceCodec = new WireCodec(alice, new Address("peer-1", 8091), MAX);
    private final WireCodec bobCodec = new WireCodec(NodeKeys.generate(), new Address("peer-2", 8092), MAX);

    private Contact contact(int port) {
        return new Contact(Key.random(random), new Address("peer-" + port, port));
    }

    private List<Message> everyMessage() {
        Key key = Key.random(random);
        Contact provider = contact(8093);
        List<Gossip> gossip = List.of(new Gossip.Alive(contact(8094), 3), new Gossip.Suspect(key, 2, Key.random(random)),
                new Gossip.Dead(key, 7, key));
        return List.of(
                new Message.Ping(1, gossip),
                new Message.Ack(2, List.of()),
                new Message.PingReq(3, contact(8095), gossip),
                new Message.Nack(4),
                new Message.Sync(true, List.of(new Gossip.Alive(contact(8091), 0)), List.of(gossip.get(1))),
                new Message.FindNode(5, key),
                new Message.Nodes(6, List.of(contact(1), contact(2), contact(3))),
                new Message.FindValue(7, key),
                new Message.Providers(8, List.of(provider), List.of(contact(4))),
                new Message.Store(9, key, provider, 1800),
                new Message.Stored(10),
                new Message.News(gossip));
    }

    @Test
    void everyMessageIsReadBackAsWrittenWithItsSender() throws RejectedMessage {
        for (Message message : everyMessage()) {
            Envelope read = bobCodec.decode(aliceCodec.encode(message));
            assertThat(read.message()).isEqualTo(message);
            assertThat(read.sender()).isEqualTo(new Contact(alice.id(), new Address("peer-1", 8091)));
        }
    }

    @Test
    void theNodeIdIsTheHashOfThePublicKey() {
        assertThat(alice.id()).isEqualTo(Key.sha256(alice.publicKey()));
        NodeKeys reloaded = NodeKeys.load(alice.privateKeyPkcs8(), alice.publicKey());
        assertThat(reloaded.id()).isEqualTo(alice.id());
    }

    @Test
    void aDatagramChangedInAnyByteIsRejected() {
        byte[] datagram = aliceCodec.encode(new Message.Ping(42, List.of(new Gossip.Alive(contact(8094), 1))));
        for (int i = 0; i < datagram.length; i++) {
            byte[] tampered = datagram.clone();
            tampered[i] ^= 0x01;
            assertThatThrownBy(() -> bobCodec.decode(tampered)).as("byte %d changed", i).isInstanceOf(RejectedMessage.class);
        }
    }

    @Test
    void aSignatureByAnotherKeyIsRejected() {
        byte[] forged = signedBy(mallory, aliceCodec.encode(new Message.Nack(1)));
        assertThat(reason(forged)).isEqualTo(Rejection.BAD_SIGNATURE);
    }

    @Test
    void aMessageClaimingAnotherPeersIdIsRejected() {
        // Mallory signs with her own key but claims Alice's id.
        WireCodec malloryCodec = new WireCodec(mallory, new Address("peer-1", 8091), MAX);
        byte[] datagram = malloryCodec.encode(new Message.Nack(1));
        System.arraycopy(alice.id().toBytes(), 0, datagram, 3, Key.BYTES);
        assertThat(reason(signedBy(mallory, datagram))).isEqualTo(Rejection.ID_MISMATCH);
    }

    @Test
    void oversizedTruncatedAndForeignDatagramsAreRejectedWithTheirReason() {
        byte[] datagram = aliceCodec.encode(new Message.FindNode(1, Key.random(random)));
        assertThat(reason(new byte[MAX + 1])).isEqualTo(Rejection.OVERSIZED);
        assertThat(reason(java.util.Arrays.copyOf(datagram, 20))).isEqualTo(Rejection.MALFORMED);
        assertThat(reason("GET / HTTP/1.1\r\nHost: peer-1\r\n\r\n".repeat(4).getBytes())).isEqualTo(Rejection.MALFORMED);
        byte[] noise = new byte[600];
        random.nextBytes(noise);
        assertThat(reason(noise)).isEqualTo(Rejection.MALFORMED);
        byte[] unknownType = aliceCodec.encode(new Message.Stored(1));
        unknownType[WireCodec.overhead(new Address("peer-1", 8091)) - NodeKeys.SIGNATURE_BYTES - 1] = 99;
        assertThat(reason(unknownType)).isEqualTo(Rejection.MALFORMED);
    }

    @Test
    void aMessageTooLargeForADatagramIsRefusedWhenWritten() {
        List<Contact> many = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(contact(10_000 + i));
        }
        assertThatThrownBy(() -> aliceCodec.encode(new Message.Nodes(1, many))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wireSizesMatchWhatTheCodecWrites() {
        Address self = new Address("peer-1", 8091);
        Gossip alive = new Gossip.Alive(contact(8094), 9);
        Gossip suspect = new Gossip.Suspect(Key.random(random), 1, Key.random(random));
        int empty = aliceCodec.encode(new Message.Ping(1, List.of())).length;
        assertThat(empty).isEqualTo(WireCodec.overhead(self) + WireSizes.SEQ + WireSizes.LIST);
        assertThat(aliceCodec.encode(new Message.Ping(1, List.of(alive, suspect))).length)
                .isEqualTo(empty + WireSizes.of(alive) + WireSizes.of(suspect));
    }

    /** The datagram with its signature replaced by {@code keys}'s over the rest. */
    private static byte[] signedBy(NodeKeys keys, byte[] datagram) {
        byte[] signed = datagram.clone();
        byte[] signature = keys.sign(signed, 0, signed.length - NodeKeys.SIGNATURE_BYTES);
        System.arraycopy(signature, 0, signed, signed.length - NodeKeys.SIGNATURE_BYTES, NodeKeys.SIGNATURE_BYTES);
        return signed;
    }

    private Rejection reason(byte[] datagram) {
        try {
            bobCodec.decode(datagram);
        } catch (RejectedMessage e) {
            return e.reason();
        }
        throw new AssertionError("accepted");
    }
}
