package dev.octet.router.frontend;

import dev.octet.router.backend.EventLoops;
import dev.octet.router.execution.ShardedDatabase;
import dev.octet.router.protocol.PgFrameDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;

/**
 * The PostgreSQL endpoint: a Netty server with our own codec ({@link PgFrameDecoder}); each
 * connection gets a {@link Session}, run by a {@link SessionPump} on the connection's event loop
 * (shared with other connections and with the shard connections the session borrows).
 */
public final class PgServer implements AutoCloseable {

    private final ShardedDatabase database;
    private final ServerSettings settings;
    private final EventLoops loops;
    private final SessionRegistry registry = new SessionRegistry();
    private EventLoopGroup boss;
    private Channel listener;

    public PgServer(ShardedDatabase database, ServerSettings settings, EventLoops loops) {
        this.database = database;
        this.settings = settings;
        this.loops = loops;
    }

    public PgServer start() throws InterruptedException {
        boss = new NioEventLoopGroup(1);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, loops.group())
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new PgFrameDecoder(settings.maxMessageLength()));
                        channel.pipeline().addLast(new FrontendHandler(PgServer.this::startSession, loops));
                    }
                });
        listener = bootstrap.bind(new InetSocketAddress(settings.host(), settings.port())).sync().channel();
        return this;
    }

    private FrontendHandler.Started startSession(ChannelHandlerContext ctx) {
        ClientChannel out = new ClientChannel(ctx.channel());
        SessionPump pump = new SessionPump(ctx.channel().eventLoop(), loops.workers(), new ClientInbox(ctx.channel()));
        Session session = new Session(out, database, settings, registry, ctx.channel().eventLoop(), loops.workers(),
                pump::resume);
        pump.attach(session);
        session.pumpedBy(pump);
        return new FrontendHandler.Started(session, pump, out);
    }

    /** Applies the statement and idle-in-transaction timeouts to every session (the supervisor calls it every second). */
    public void enforceTimeouts() {
        long now = System.nanoTime();
        long statementTimeout = settings.statementTimeout().toNanos();
        long idleTimeout = settings.idleInTransactionTimeout().toNanos();
        if (statementTimeout == 0 && idleTimeout == 0) {
            return;
        }
        for (Session session : registry.sessions()) {
            session.enforceTimeouts(now, statementTimeout, idleTimeout);
        }
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
        if (boss != null) {
            boss.shutdownGracefully();
        }
    }
}
