package dev.octet.peer.transport;

import dev.octet.peer.model.Address;
import dev.octet.peer.protocol.Envelope;
import dev.octet.peer.protocol.Message;
import dev.octet.peer.protocol.Rejection.RejectedMessage;
import dev.octet.peer.protocol.Rejection;
import dev.octet.peer.protocol.WireCodec;
import dev.octet.peer.runtime.Transport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The peer protocol over UDP: one Vert.x datagram socket, opened on the peer's event loop so that every
 * datagram is decoded, verified and handled there. A datagram that fails the codec is dropped and counted
 * by reason (and logged at most once a minute per reason): it never reaches the protocols.
 */
public final class UdpTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(UdpTransport.class);
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;

    private final Vertx vertx;
    private final EventLoopScheduler scheduler;
    private final WireCodec codec;
    private final int overhead;
    private final Map<Rejection, AtomicLong> rejected = new EnumMap<>(Rejection.class);
    private final Map<Rejection, Long> loggedAt = new EnumMap<>(Rejection.class);
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private DatagramSocket socket;

    public UdpTransport(Vertx vertx, EventLoopScheduler scheduler, WireCodec codec, Address advertised) {
        this.vertx = vertx;
        this.scheduler = scheduler;
        this.codec = codec;
        this.overhead = WireCodec.overhead(advertised);
        for (Rejection reason : Rejection.values()) {
            rejected.put(reason, new AtomicLong());
        }
    }

    /** Listens on {@code host:port}; every verified message goes to {@code receiver}, on the peer's event loop. */
    public Future<Void> listen(String host, int port, Consumer<Envelope> receiver) {
        Promise<Void> listening = Promise.promise();
        scheduler.context().runOnContext(ignored -> {
            socket = vertx.createDatagramSocket(new DatagramSocketOptions().setReceiveBufferSize(1 << 20));
            socket.handler(packet -> receive(packet.data(), receiver));
            socket.listen(port, host).<Void>mapEmpty().onComplete(listening);
        });
        return listening.future();
    }

    private void receive(Buffer data, Consumer<Envelope> receiver) {
        received.incrementAndGet();
        Envelope envelope;
        try {
            envelope = codec.decode(data.getBytes());
        } catch (RejectedMessage e) {
            rejected.get(e.reason()).incrementAndGet();
            long now = System.nanoTime();
            Long last = loggedAt.get(e.reason());
            if (last == null || now - last > LOG_EVERY_NANOS) {
                loggedAt.put(e.reason(), now);
                LOG.warnf("Dropped a datagram (%s); further ones of this kind are counted, not logged, for a minute", e.getMessage());
            }
            return;
        }
        receiver.accept(envelope);
    }

    @Override
    public void send(Address to, Message message) {
        if (socket == null) {
            return;
        }
        sent.incrementAndGet();
        socket.send(Buffer.buffer(codec.encode(message)), to.port(), to.host()).onFailure(failure -> sendFailures.incrementAndGet());
    }

    @Override
    public int maxBytes() {
        return codec.maxBytes();
    }

    @Override
    public int overhead() {
        return overhead;
    }

    public long rejected(Rejection reason) {
        return rejected.get(reason).get();
    }

    public long received() {
        return received.get();
    }

    public long sent() {
        return sent.get();
    }

    public long sendFailures() {
        return sendFailures.get();
    }

    public Future<Void> close() {
        Promise<Void> closed = Promise.promise();
        scheduler.context().runOnContext(ignored -> {
            if (socket == null) {
                closed.complete();
            } else {
                socket.close().onComplete(closed);
                socket = null;
            }
        });
        return closed.future();
    }
}
