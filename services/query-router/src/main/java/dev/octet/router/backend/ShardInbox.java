package dev.octet.router.backend;

import dev.octet.router.protocol.PgMessage;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Where a shard's messages arrive, on the connection's event loop. While a reader on that loop
 * listens, each message goes straight to it; otherwise messages queue for a thread blocked in
 * {@link #take()}. A failure (the connection closed or broke) arrives as a {@link Throwable} item.
 */
final class ShardInbox extends ChannelInboundHandlerAdapter {

    private static final int PAUSE_AT = 4096;
    private static final int RESUME_AT = 1024;

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Runnable readyArrived;
    private volatile Channel channel;
    private Consumer<Object> listener;
    private volatile boolean paused;

    /** @param readyArrived told of every ReadyForQuery, before anyone reads it */
    ShardInbox(Runnable readyArrived) {
        this.readyArrived = readyArrived;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (((PgMessage) message).kind() == 'Z') {
            readyArrived.run();
        }
        deliver(message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        deliver(new IOException("the shard closed the connection"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        deliver(cause);
        ctx.close();
    }

    private void deliver(Object item) {
        if (listener != null) {
            listener.accept(item);
            return;
        }
        queue.add(item);
        if (!paused && queue.size() > PAUSE_AT) {
            // A slow reader: stop reading the socket, so the shard waits instead of memory filling up.
            paused = true;
            channel.config().setAutoRead(false);
        }
    }

    /** The next item, waiting for it (off the event loops only). */
    Object take() throws InterruptedException {
        Object item = queue.take();
        if (paused && queue.size() < RESUME_AT) {
            paused = false;
            channel.config().setAutoRead(true);
        }
        return item;
    }

    /** The next queued item, or null (on the connection's loop). */
    Object poll() {
        return queue.poll();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** From now on, hands arriving items to {@code listener} (on the connection's loop; null: queue them again). */
    void listen(Consumer<Object> listener) {
        this.listener = listener;
        if (listener != null && paused) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }
}
