package dev.octet.router.server;

import dev.octet.router.protocol.FrontendMessage;
import dev.octet.router.protocol.ProtocolViolation;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.util.function.Function;

/** Hands the decoded messages of one connection to its {@link Session}, on the connection's own loop. */
final class FrontendHandler extends ChannelInboundHandlerAdapter {

    private final Function<ClientChannel, Session> sessions;
    private final SessionLoops loops;
    private Session session;

    FrontendHandler(Function<ClientChannel, Session> sessions, SessionLoops loops) {
        this.sessions = sessions;
        this.loops = loops;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = sessions.apply(new ClientChannel(ctx.channel()));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        session.handle((FrontendMessage) message);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            session.closed();
        }
        loops.release(ctx.channel().eventLoop());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolViolation violation && session != null) {
            session.violation(violation.getMessage());
        } else {
            ctx.close();
        }
    }
}
