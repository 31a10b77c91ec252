package dev.octet.router.backend;

import dev.octet.router.protocol.PgMessage;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.util.List;

/** Cuts a shard's byte stream into {@link PgMessage}s: a type byte, an int32 length that counts itself, the payload. */
final class ShardFrameDecoder extends ByteToMessageDecoder {

    private static final int MAX_MESSAGE = 1 << 30;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 5) {
            int start = in.readerIndex();
            int length = in.getInt(start + 1);
            if (length < 4 || length > MAX_MESSAGE) {
                throw new CorruptedFrameException("invalid message length " + length + " from the shard");
            }
            if (in.readableBytes() < length + 1) {
                return;
            }
            byte type = in.readByte();
            in.skipBytes(4);
            byte[] payload = new byte[length - 4];
            in.readBytes(payload);
            out.add(new PgMessage(type, payload));
        }
    }
}
