package dev.octet.peer.protocol;

import dev.octet.peer.model.Address;
import dev.octet.peer.model.Contact;
import dev.octet.peer.model.Key;
import dev.octet.peer.protocol.Rejection.RejectedMessage;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peer protocol's datagrams: a header naming the sender (id, public key, address), the message, and the
 * sender's Ed25519 signature over all of it. Big-endian, lengths prefixed, nothing optional:
 *
 * <pre>
 * 'O' 'P' version:u8 | id:32 publicKey:32 host:u8+utf8 port:u16 | type:u8 body | signature:64
 * </pre>
 *
 * Decoding checks, in order: size, shape (every byte read, none left over), that the id is the hash of the
 * key, and the signature; a datagram failing any is rejected with the reason. Verified keys are remembered
 * (a bounded cache), so a peer's key is parsed once, though every message's signature is checked.
 */
public final class WireCodec {

    private static final byte MAGIC_0 = 'O';
    private static final byte MAGIC_1 = 'P';
    private static final byte VERSION = 1;
    private static final int FIXED_HEADER = 3 + Key.BYTES + NodeKeys.PUBLIC_KEY_BYTES + 1 + 2;
    private static final int KEY_CACHE = 4096;

    private final NodeKeys keys;
    private final Contact self;
    private final int maxBytes;
    private final Map<Key, PublicKey> verifiedKeys = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, PublicKey> eldest) {
            return size() > KEY_CACHE;
        }
    };

    public WireCodec(NodeKeys keys, Address advertised, int maxBytes) {
        this.keys = keys;
        this.self = new Contact(keys.id(), advertised);
        this.maxBytes = maxBytes;
        int overhead = overhead(advertised);
        if (maxBytes < overhead + 256) {
            throw new IllegalArgumentException("a datagram of " + maxBytes + " bytes leaves no room beside the " + overhead
                    + " of header and signature");
        }
    }

    /** The bytes a message from {@code self} spends on header and signature. */
    public static int overhead(Address self) {
        return FIXED_HEADER + self.host().getBytes(StandardCharsets.UTF_8).length + 1 + NodeKeys.SIGNATURE_BYTES;
    }

    public int maxBytes() {
        return maxBytes;
    }

    // ---------------------------------------------------------------------------------------------- encoding

    public byte[] encode(Message message) {
        ByteBuffer buffer = ByteBuffer.allocate(maxBytes);
        buffer.put(MAGIC_0).put(MAGIC_1).put(VERSION).put(self.id().toBytes()).put(keys.publicKey());
        putAddress(buffer, self.address());
        try {
            writeBody(buffer, message);
        } catch (java.nio.BufferOverflowException e) {
            throw new IllegalArgumentException("a " + message.getClass().getSimpleName() + " larger than " + maxBytes
                    + " bytes: its sender must budget with WireSizes", e);
        }
        if (buffer.remaining() < NodeKeys.SIGNATURE_BYTES) {
            throw new IllegalArgumentException("a " + message.getClass().getSimpleName() + " leaves no room for its signature");
        }
        int signed = buffer.position();
        byte[] signature = keys.sign(buffer.array(), 0, signed);
        buffer.put(signature);
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** Writes the message's type and body. */
    private static void writeBody(ByteBuffer out, Message message) {
        if (message instanceof Message.Ping ping) {
            out.put((byte) 1).putLong(ping.seq());
            putGossip(out, ping.gossip());
        } else if (message instanceof Message.Ack ack) {
            out.put((byte) 2).putLong(ack.seq());
            putGossip(out, ack.gossip());
        } else if (message instanceof Message.PingReq request) {
            out.put((byte) 3).putLong(request.seq());
            putContact(out, request.target());
            putGossip(out, request.gossip());
        } else if (message instanceof Message.Nack nack) {
            out.put((byte) 4).putLong(nack.seq());
        } else if (message instanceof Message.Sync sync) {
            out.put((byte) 5).put((byte) (sync.reply() ? 1 : 0));
            out.putShort((short) sync.alive().size());
            sync.alive().forEach(alive -> putOneGossip(out, alive));
            putGossip(out, sync.others());
        } else if (message instanceof Message.FindNode find) {
            out.put((byte) 6).putLong(find.seq()).put(find.target().toBytes());
        } else if (message instanceof Message.Nodes nodes) {
            out.put((byte) 7).putLong(nodes.seq());
            putContacts(out, nodes.closest());
        } else if (message instanceof Message.FindValue find) {
            out.put((byte) 8).putLong(find.seq()).put(find.key().toBytes());
        } else if (message instanceof Message.Providers providers) {
            out.put((byte) 9).putLong(providers.seq());
            putContacts(out, providers.providers());
            putContacts(out, providers.closest());
        } else if (message instanceof Message.Store store) {
            out.put((byte) 10).putLong(store.seq()).put(store.key().toBytes());
            putContact(out, store.provider());
            out.putInt(store.ttlSeconds());
        } else if (message instanceof Message.Stored stored) {
            out.put((byte) 11).putLong(stored.seq());
        } else if (message instanceof Message.News news) {
            out.put((byte) 12);
            putGossip(out, news.gossip());
        } else {
            throw new IllegalArgumentException("no encoding for " + message);
        }
    }

    private static void putAddress(ByteBuffer out, Address address) {
        byte[] host = address.host().getBytes(StandardCharsets.UTF_8);
        out.put((byte) host.length).put(host).putShort((short) address.port());
    }

    private static void putContact(ByteBuffer out, Contact contact) {
        out.put(contact.id().toBytes());
        putAddress(out, contact.address());
    }

    private static void putContacts(ByteBuffer out, List<Contact> contacts) {
        out.put((byte) contacts.size());
        contacts.forEach(contact -> putContact(out, contact));
    }

    private static void putGossip(ByteBuffer out, List<? extends Gossip> gossip) {
        out.putShort((short) gossip.size());
        gossip.forEach(item -> putOneGossip(out, item));
    }

    private static void putOneGossip(ByteBuffer out, Gossip gossip) {
        if (gossip instanceof Gossip.Alive alive) {
            out.put((byte) 1);
            putContact(out, alive.contact());
            out.putLong(alive.incarnation());
        } else {
            out.put((byte) (gossip instanceof Gossip.Suspect ? 2 : 3)).put(gossip.member().toBytes()).putLong(gossip.incarnation());
            out.put((gossip instanceof Gossip.Suspect suspect ? suspect.from() : ((Gossip.Dead) gossip).from()).toBytes());
        }
    }

    // ---------------------------------------------------------------------------------------------- decoding

    public Envelope decode(byte[] datagram) throws RejectedMessage {
        return decode(datagram, datagram.length);
    }

    public Envelope decode(byte[] datagram, int length) throws RejectedMessage {
        if (length > maxBytes) {
            throw new RejectedMessage(Rejection.OVERSIZED, length + " bytes, more than " + maxBytes);
        }
        if (length < FIXED_HEADER + 1 + NodeKeys.SIGNATURE_BYTES) {
            throw new RejectedMessage(Rejection.MALFORMED, "too short for a header: " + length + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(datagram, 0, length - NodeKeys.SIGNATURE_BYTES);
        Contact sender;
        byte[] publicKey = new byte[NodeKeys.PUBLIC_KEY_BYTES];
        Message message;
        try {
            if (in.get() != MAGIC_0 || in.get() != MAGIC_1) {
                throw new RejectedMessage(Rejection.MALFORMED, "not a peer protocol message");
            }
            byte version = in.get();
            if (version != VERSION) {
                throw new RejectedMessage(Rejection.MALFORMED, "protocol version " + version + ", not " + VERSION);
            }
            Key id = getKey(in);
            in.get(publicKey);
            sender = new Contact(id, getAddress(in));
            message = readBody(in, in.get());
            if (in.hasRemaining()) {
                throw new RejectedMessage(Rejection.MALFORMED, in.remaining() + " bytes after the message");
            }
        } catch (BufferUnderflowException e) {
            throw new RejectedMessage(Rejection.MALFORMED, "cut short");
        } catch (IllegalArgumentException e) {
            throw new RejectedMessage(Rejection.MALFORMED, e.getMessage());
        }
        PublicKey key = verifiedKeys.get(sender.id());
        if (key == null) {
            if (!Key.sha256(publicKey).equals(sender.id())) {
                throw new RejectedMessage(Rejection.ID_MISMATCH, "id " + sender.id().shortHex() + " is not its key's hash");
            }
            try {
                key = NodeKeys.publicKey(publicKey);
            } catch (GeneralSecurityException e) {
                throw new RejectedMessage(Rejection.BAD_SIGNATURE, "not an Ed25519 key");
            }
        } else if (!Arrays.equals(raw(key), publicKey)) {
            throw new RejectedMessage(Rejection.ID_MISMATCH, "id " + sender.id().shortHex() + " with another key");
        }
        byte[] signature = Arrays.copyOfRange(datagram, length - NodeKeys.SIGNATURE_BYTES, length);
        if (!NodeKeys.verify(key, datagram, 0, length - NodeKeys.SIGNATURE_BYTES, signature)) {
            throw new RejectedMessage(Rejection.BAD_SIGNATURE, "from " + sender);
        }
        verifiedKeys.put(sender.id(), key);
        return new Envelope(sender, message);
    }

    private static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - NodeKeys.PUBLIC_KEY_BYTES, encoded.length);
    }

    private static Message readBody(ByteBuffer in, byte type) throws RejectedMessage {
        return switch (type) {
            case 1 -> new Message.Ping(in.getLong(), getGossip(in));
            case 2 -> new Message.Ack(in.getLong(), getGossip(in));
            case 3 -> new Message.PingReq(in.getLong(), getContact(in), getGossip(in));
            case 4 -> new Message.Nack(in.getLong());
            case 5 -> {
                boolean reply = in.get() != 0;
                int count = Short.toUnsignedInt(in.getShort());
                List<Gossip.Alive> alive = new ArrayList<>(Math.min(count, 64));
                for (int i = 0; i < count; i++) {
                    if (!(getOneGossip(in) instanceof Gossip.Alive item)) {
                        throw new RejectedMessage(Rejection.MALFORMED, "a sync's alive part holds other news");
                    }
                    alive.add(item);
                }
                yield new Message.Sync(reply, alive, getGossip(in));
            }
            case 6 -> new Message.FindNode(in.getLong(), getKey(in));
            case 7 -> new Message.Nodes(in.getLong(), getContacts(in));
            case 8 -> new Message.FindValue(in.getLong(), getKey(in));
            case 9 -> new Message.Providers(in.getLong(), getContacts(in), getContacts(in));
            case 10 -> {
                long seq = in.getLong();
                Key key = getKey(in);
                Contact provider = getContact(in);
                int ttl = in.getInt();
                if (ttl <= 0) {
                    throw new RejectedMessage(Rejection.MALFORMED, "a STORE for " + ttl + " seconds");
                }
                yield new Message.Store(seq, key, provider, ttl);
            }
            case 11 -> new Message.Stored(in.getLong());
            case 12 -> new Message.News(getGossip(in));
            default -> throw new RejectedMessage(Rejection.MALFORMED, "message type " + type);
        };
    }

    private static Key getKey(ByteBuffer in) {
        byte[] bytes = new byte[Key.BYTES];
        in.get(bytes);
        return Key.of(bytes);
    }

    private static Address getAddress(ByteBuffer in) {
        byte[] host = new byte[Byte.toUnsignedInt(in.get())];
        in.get(host);
        return new Address(new String(host, StandardCharsets.UTF_8), Short.toUnsignedInt(in.getShort()));
    }

    private static Contact getContact(ByteBuffer in) {
        return new Contact(getKey(in), getAddress(in));
    }

    private static List<Contact> getContacts(ByteBuffer in) {
        int count = Byte.toUnsignedInt(in.get());
        List<Contact> contacts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            contacts.add(getContact(in));
        }
        return contacts;
    }

    private static List<Gossip> getGossip(ByteBuffer in) throws RejectedMessage {
        int count = Short.toUnsignedInt(in.getShort());
        List<Gossip> gossip = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            gossip.add(getOneGossip(in));
        }
        return gossip;
    }

    private static Gossip getOneGossip(ByteBuffer in) throws RejectedMessage {
        byte kind = in.get();
        return switch (kind) {
            case 1 -> {
                Contact contact = getContact(in);
                long incarnation = in.getLong();
                yield new Gossip.Alive(contact, nonNegative(incarnation));
            }
            case 2 -> new Gossip.Suspect(getKey(in), nonNegative(in.getLong()), getKey(in));
            case 3 -> new Gossip.Dead(getKey(in), nonNegative(in.getLong()), getKey(in));
            default -> throw new RejectedMessage(Rejection.MALFORMED, "gossip kind " + kind);
        };
    }

    private static long nonNegative(long incarnation) {
        if (incarnation < 0) {
            throw new IllegalArgumentException("incarnation " + incarnation);
        }
        return incarnation;
    }
}
