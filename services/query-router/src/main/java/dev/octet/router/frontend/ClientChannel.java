package dev.octet.router.frontend;

import dev.octet.router.protocol.PgMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The session's way to its client. Messages collect in a buffer that goes out in one write when
 * the session flushes (at ReadyForQuery, or when it grows). When the client reads slower than
 * results arrive, a worker thread waits for it; the event loop never waits, but relays pause their
 * shard until the client has caught up ({@link #whenDrained}).
 */
final class ClientChannel {

    private static final int FLUSH_AT = 64 * 1024;
    private static final long BACKOFF_NANOS = 200_000;

    private final Channel channel;
    private final List<Runnable> drained = new ArrayList<>();
    private ByteBuf buffer;

    ClientChannel(Channel channel) {
        this.channel = channel;
    }

    void send(PgMessage message) {
        ByteBuf out = buffer();
        out.writeByte(message.type());
        out.writeInt(message.payload().length + 4);
        out.writeBytes(message.payload());
        if (out.readableBytes() >= FLUSH_AT) {
            flush();
        }
    }

    void sendByte(int value) {
        buffer().writeByte(value);
    }

    private ByteBuf buffer() {
        if (buffer == null) {
            buffer = channel.alloc().ioBuffer(1024);
        }
        return buffer;
    }

    void flush() {
        if (buffer == null) {
            return;
        }
        ByteBuf out = buffer;
        buffer = null;
        if (!channel.isActive()) {
            out.release();
            return;
        }
        channel.writeAndFlush(out, channel.voidPromise());
        if (!channel.eventLoop().inEventLoop()) {
            while (!channel.isWritable() && channel.isActive()) {
                LockSupport.parkNanos(BACKOFF_NANOS);
            }
        }
    }

    /** True while more is queued for the client than it has read (only meaningful on the event loop). */
    boolean saturated() {
        return !channel.isWritable() && channel.isActive();
    }

    /** Runs {@code action} on the event loop once the client has read its backlog. */
    void whenDrained(Runnable action) {
        if (channel.isWritable() || !channel.isActive()) {
            action.run();
        } else {
            drained.add(action);
        }
    }

    /** The channel's writability changed (on the event loop). */
    void writabilityChanged() {
        if ((channel.isWritable() || !channel.isActive()) && !drained.isEmpty()) {
            List<Runnable> actions = new ArrayList<>(drained);
            drained.clear();
            actions.forEach(Runnable::run);
        }
    }

    boolean isOpen() {
        return channel.isActive();
    }

    void close() {
        flush();
        channel.close();
    }
}
