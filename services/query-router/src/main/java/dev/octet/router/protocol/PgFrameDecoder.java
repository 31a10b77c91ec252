package dev.octet.router.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts the client's byte stream into {@link FrontendMessage}s. The first packet of a connection has
 * no type byte (startup, SSL, GSS or cancel request); every later one is a type byte, an int32
 * length that counts itself, and the payload.
 *
 * <p>Lengths are checked before anything is buffered, so a hostile length cannot make the router
 * allocate without bound; any malformed content is a {@link ProtocolViolation}.
 */
public final class PgFrameDecoder extends ByteToMessageDecoder {

    static final int PROTOCOL_3_0 = 196608;
    static final int SSL_REQUEST_CODE = 80877103;
    static final int GSSENC_REQUEST_CODE = 80877104;
    static final int CANCEL_REQUEST_CODE = 80877102;
    private static final int MAX_STARTUP_LENGTH = 10_000;

    private final int maxMessageLength;
    private volatile boolean startupPhase = true;

    public PgFrameDecoder(int maxMessageLength) {
        this.maxMessageLength = maxMessageLength;
    }

    /** Called once authentication begins: from then on every message carries a type byte. */
    public void startupDone() {
        startupPhase = false;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (startupPhase) {
            decodeStartup(in, out);
        } else {
            decodeTyped(in, out);
        }
    }

    private void decodeStartup(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < 8 || length > MAX_STARTUP_LENGTH) {
            throw new ProtocolViolation("invalid length of startup packet");
        }
        if (in.readableBytes() < length) {
            return;
        }
        in.skipBytes(4);
        ByteBuf body = in.readSlice(length - 4);
        int code = body.readInt();
        switch (code) {
            case SSL_REQUEST_CODE -> out.add(new FrontendMessage.SslRequest());
            case GSSENC_REQUEST_CODE -> out.add(new FrontendMessage.GssEncRequest());
            case CANCEL_REQUEST_CODE -> {
                if (body.readableBytes() != 8) {
                    throw new ProtocolViolation("invalid length of cancel request packet");
                }
                out.add(new FrontendMessage.CancelRequest(body.readInt(), body.readInt()));
            }
            default -> {
                if (code >>> 16 != 3) {
                    throw new ProtocolViolation("unsupported frontend protocol " + (code >>> 16) + "." + (code & 0xFFFF)
                            + ": server supports 3.0 to 3.0");
                }
                out.add(new FrontendMessage.Startup(code, readParameters(body)));
                startupPhase = false;
            }
        }
    }

    private static Map<String, String> readParameters(ByteBuf body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (body.isReadable()) {
            String name = readString(body);
            if (name.isEmpty()) {
                break;
            }
            parameters.put(name, readString(body));
        }
        return parameters;
    }

    private void decodeTyped(ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 5) {
            int start = in.readerIndex();
            byte type = in.getByte(start);
            int length = in.getInt(start + 1);
            if (length < 4 || length > maxMessageLength) {
                throw new ProtocolViolation("invalid message length " + length + " for message type '"
                        + printable(type) + "'");
            }
            if (in.readableBytes() < length + 1) {
                return;
            }
            in.skipBytes(5);
            ByteBuf body = in.readSlice(length - 4);
            FrontendMessage message = FrontendMessages.decode(type, body);
            if (body.isReadable()) {
                throw new ProtocolViolation("invalid message format: " + body.readableBytes()
                        + " unexpected bytes at the end of message type '" + printable(type) + "'");
            }
            out.add(message);
        }
    }

    static String printable(byte type) {
        return type >= 32 && type < 127 ? Character.toString((char) type) : "0x" + Integer.toHexString(type & 0xFF);
    }

    /** A null-terminated UTF-8 string. */
    static String readString(ByteBuf buf) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (end < 0) {
            throw new ProtocolViolation("invalid string in message: no terminating zero byte");
        }
        String value = buf.toString(buf.readerIndex(), end - buf.readerIndex(), StandardCharsets.UTF_8);
        buf.readerIndex(end + 1);
        return value;
    }
}
