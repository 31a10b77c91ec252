package dev.octet.gateway.client;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** A body stream passed through unchanged, telling the watchdog each time bytes move. */
final class WatchedStream implements ReadStream<Buffer> {

    private final ReadStream<Buffer> delegate;
    private final IdleWatchdog watchdog;

    WatchedStream(ReadStream<Buffer> delegate, IdleWatchdog watchdog) {
        this.delegate = delegate;
        this.watchdog = watchdog;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            delegate.handler(null);
        } else {
            delegate.handler(buffer -> {
                watchdog.touch();
                handler.handle(buffer);
            });
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        delegate.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        delegate.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        delegate.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        delegate.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        delegate.endHandler(endHandler);
        return this;
    }
}
