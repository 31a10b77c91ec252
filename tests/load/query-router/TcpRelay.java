import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * A relay that understands nothing: each client connection gets its own connection to the target,
 * on the same event loop, and bytes are copied both ways as they come. It is the cheapest possible
 * proxy hop with the router's threading (Netty event loops, NIO, one write per read), so the
 * benchmark can show what the hop itself costs on this machine, apart from anything the router does.
 *
 * Run with Netty on the class path (the router's own jars will do):
 *   java -cp 'services/query-router/target/quarkus-app/lib/main/*' tests/load/query-router/TcpRelay.java \
 *       LISTEN_PORT TARGET_HOST TARGET_PORT [EVENT_LOOPS]
 */
public final class TcpRelay {

    public static void main(String[] args) throws InterruptedException {
        int listenPort = Integer.parseInt(args[0]);
        String targetHost = args[1];
        int targetPort = Integer.parseInt(args[2]);
        int loops = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        EventLoopGroup group = new NioEventLoopGroup(loops);
        new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel client) {
                        client.pipeline().addLast(new Splice(client, targetHost, targetPort));
                    }
                })
                .bind("127.0.0.1", listenPort).sync().channel().closeFuture().sync();
    }

    /** One client connection and its connection to the target. */
    private static final class Splice extends ChannelInboundHandlerAdapter {
        private final Channel client;
        private final String targetHost;
        private final int targetPort;
        private Channel target;

        Splice(Channel client, String targetHost, int targetPort) {
            this.client = client;
            this.targetHost = targetHost;
            this.targetPort = targetPort;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext c, Object bytes) {
                            client.write(bytes, client.voidPromise());
                        }

                        @Override
                        public void channelReadComplete(ChannelHandlerContext c) {
                            client.flush();
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext c) {
                            client.close();
                        }
                    })
                    .connect(targetHost, targetPort)
                    .addListener((ChannelFutureListener) connected -> {
                        if (!connected.isSuccess()) {
                            client.close();
                            return;
                        }
                        target = connected.channel();
                        client.config().setAutoRead(true);
                    });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object bytes) {
            target.write(bytes, target.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            target.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (target != null) {
                target.close();
            }
        }
    }
}
