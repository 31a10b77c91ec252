package dev.octet.router.server;

import dev.octet.router.execution.ShardedDatabase;
import dev.octet.router.protocol.PgFrameDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultSelectStrategyFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;

/**
 * The PostgreSQL endpoint: a Netty server with our own codec ({@link PgFrameDecoder}); each
 * connection gets a {@link Session} on an event loop of its own.
 */
public final class PgServer implements AutoCloseable {

    private final ShardedDatabase database;
    private final ServerSettings settings;
    private final SessionRegistry registry = new SessionRegistry();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel listener;

    public PgServer(ShardedDatabase database, ServerSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    public PgServer start() throws InterruptedException {
        boss = new NioEventLoopGroup(1);
        SessionLoops loops = new SessionLoops();
        // One event loop per allowed session: each session gets a thread of its own (started lazily).
        workers = new NioEventLoopGroup(settings.maxSessions() + 1,
                new ThreadPerTaskExecutor(new DefaultThreadFactory("pg-session", true)), loops,
                SelectorProvider.provider(), DefaultSelectStrategyFactory.INSTANCE);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new PgFrameDecoder(settings.maxMessageLength()));
                        channel.pipeline().addLast(new FrontendHandler(client ->
                                new Session(client, database, settings, registry), loops));
                    }
                });
        listener = bootstrap.bind(new InetSocketAddress(settings.host(), settings.port())).sync().channel();
        return this;
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    public int sessions() {
        return registry.size();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully();
            boss.shutdownGracefully();
        }
    }
}
