package dev.octet.router.frontend;

import dev.octet.router.backend.EventLoops;
import dev.octet.router.protocol.FrontendMessage;
import dev.octet.router.protocol.ProtocolViolation;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.util.function.Function;

/** Hands the decoded messages of one connection to its {@link Session}, through the session's {@link SessionPump}. */
final class FrontendHandler extends ChannelInboundHandlerAdapter {

    /** What a new connection gets: its session, and the pump that runs it. */
    record Started(Session session, SessionPump pump, ClientChannel out) {
    }

    private final Function<ChannelHandlerContext, Started> sessions;
    private final EventLoops loops;
    private Started started;

    FrontendHandler(Function<ChannelHandlerContext, Started> sessions, EventLoops loops) {
        this.sessions = sessions;
        this.loops = loops;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        started = sessions.apply(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        started.pump().received((FrontendMessage) message);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (started != null) {
            started.out().writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (started != null) {
            started.session().disconnected();
            started.out().writabilityChanged();
            started.pump().clientGone();
        }
        loops.clientClosed(ctx.channel().eventLoop());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof ProtocolViolation violation && started != null) {
            started.session().violation(violation.getMessage());
            started.pump().poke();
        } else {
            ctx.close();
        }
    }
}
