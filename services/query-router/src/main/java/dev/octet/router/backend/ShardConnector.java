package dev.octet.router.backend;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Opens the connections to the shards, each on the event loop it is meant for: over TCP, or, when
 * the shards run on the router's machine and a socket directory is configured, over their
 * Unix-domain sockets ({@code <directory>/.s.PGSQL.<port>}, as libpq's {@code host=/directory}
 * does), which costs the kernel about half as much per message as loopback TCP.
 */
public final class ShardConnector {

    private final EventLoops loops;
    private final Path socketDirectory;
    private final Map<String, String> startupParameters;

    /**
     * @param socketDirectory where the shards' Unix-domain sockets are, or null for TCP
     * @param startupParameters settings every shard connection starts with (sent in its startup packet)
     */
    public ShardConnector(EventLoops loops, Path socketDirectory, Map<String, String> startupParameters) {
        this.loops = loops;
        this.socketDirectory = socketDirectory;
        this.startupParameters = Map.copyOf(startupParameters);
    }

    /**
     * The settings every shard connection starts with, such as {@code client_connection_check_interval}:
     * with it, a shard backend whose router died notices the closed socket even while it waits for a
     * lock, and rolls back instead of holding its locks until it gets one.
     */
    Map<String, String> startupParameters() {
        return startupParameters;
    }

    public EventLoops loops() {
        return loops;
    }

    /** Connects (waiting, so never on an event loop) and installs {@code inbox} behind a frame decoder. */
    Channel connect(ShardAddress address, EventLoop loop, Duration timeout, ShardInbox inbox) throws IOException {
        EventLoops.mayBlock("connecting to " + address);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new ShardFrameDecoder(), inbox);
                    }
                });
        SocketAddress target;
        if (socketDirectory != null) {
            bootstrap.channel(NioDomainSocketChannel.class);
            target = UnixDomainSocketAddress.of(socketDirectory.resolve(".s.PGSQL." + address.port()));
        } else {
            bootstrap.channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.SO_KEEPALIVE, true);
            // Resolved here, on the waiting thread: a name lookup must not hold up an event loop.
            InetSocketAddress resolved = new InetSocketAddress(address.host(), address.port());
            if (resolved.isUnresolved()) {
                throw new IOException("unknown host " + address.host());
            }
            target = resolved;
        }
        ChannelFuture connected = bootstrap.connect(target);
        connected.awaitUninterruptibly();
        if (!connected.isSuccess()) {
            Throwable cause = connected.cause();
            throw new IOException(cause == null || cause.getMessage() == null ? String.valueOf(cause) : cause.getMessage(),
                    cause);
        }
        return connected.channel();
    }
}
