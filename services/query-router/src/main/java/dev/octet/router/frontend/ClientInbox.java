package dev.octet.router.frontend;

import dev.octet.router.protocol.FrontendMessage;
import io.netty.channel.Channel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The messages a client sent that its session has not taken yet, in order. Filled on the event loop
 * and taken by whichever thread works on the session; when too many wait (a COPY faster than the
 * shards), the connection stops reading until the session catches up.
 */
final class ClientInbox {

    private static final int PAUSE_AT = 1024;
    private static final int RESUME_AT = 256;

    private final Queue<FrontendMessage> messages = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Channel channel;
    private volatile boolean paused;

    ClientInbox(Channel channel) {
        this.channel = channel;
    }

    void add(FrontendMessage message) {
        messages.add(message);
        if (size.incrementAndGet() > PAUSE_AT && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
    }

    FrontendMessage peek() {
        return messages.peek();
    }

    FrontendMessage take() {
        FrontendMessage message = messages.poll();
        if (message != null && size.decrementAndGet() < RESUME_AT && paused) {
            paused = false;
            channel.config().setAutoRead(true);
        }
        return message;
    }

    void clear() {
        while (take() != null) {
            // dropped: the session is closed
        }
    }
}
