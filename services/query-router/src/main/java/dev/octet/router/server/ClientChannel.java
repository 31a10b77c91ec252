package dev.octet.router.server;

import dev.octet.router.protocol.PgMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.nio.AbstractNioChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * The session's way to its client. Messages collect in a buffer that goes out in one write when
 * the session flushes (at ReadyForQuery, or when it grows). The session runs on the connection's
 * event loop, so when the client reads slower than a result arrives, it pushes the pending bytes
 * itself and waits, rather than buffering without bound.
 */
final class ClientChannel {

    private static final int FLUSH_AT = 64 * 1024;
    private static final long BACKOFF_NANOS = 200_000;

    private final Channel channel;
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
        awaitWritable();
    }

    private void awaitWritable() {
        if (!channel.eventLoop().inEventLoop()) {
            return;
        }
        while (!channel.isWritable() && channel.isActive()) {
            ((AbstractNioChannel.NioUnsafe) channel.unsafe()).forceFlush();
            if (!channel.isWritable()) {
                LockSupport.parkNanos(BACKOFF_NANOS);
            }
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
