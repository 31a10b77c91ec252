package dev.octet.router.protocol;

import io.netty.buffer.ByteBuf;

/** Decodes the payload of one typed frontend message. */
final class FrontendMessages {

    private static final int MAX_PARAMETERS = 65535;

    private FrontendMessages() {
    }

    static FrontendMessage decode(byte type, ByteBuf body) {
        return switch (type) {
            case 'Q' -> new FrontendMessage.Query(PgFrameDecoder.readString(body));
            case 'P' -> parse(body);
            case 'B' -> bind(body);
            case 'D' -> new FrontendMessage.Describe(kind(body, "Describe"), PgFrameDecoder.readString(body));
            case 'E' -> new FrontendMessage.Execute(PgFrameDecoder.readString(body), readInt(body));
            case 'C' -> new FrontendMessage.Close(kind(body, "Close"), PgFrameDecoder.readString(body));
            case 'S' -> new FrontendMessage.Sync();
            case 'H' -> new FrontendMessage.Flush();
            case 'X' -> new FrontendMessage.Terminate();
            case 'p' -> new FrontendMessage.PasswordMessage(readRest(body));
            case 'd' -> new FrontendMessage.CopyData(readRest(body));
            case 'c' -> new FrontendMessage.CopyDone();
            case 'f' -> new FrontendMessage.CopyFail(PgFrameDecoder.readString(body));
            case 'F' -> {
                body.skipBytes(body.readableBytes());
                yield new FrontendMessage.FunctionCall();
            }
            default -> throw new ProtocolViolation("invalid frontend message type " + (type & 0xFF)
                    + " ('" + PgFrameDecoder.printable(type) + "')");
        };
    }

    private static FrontendMessage parse(ByteBuf body) {
        String name = PgFrameDecoder.readString(body);
        String sql = PgFrameDecoder.readString(body);
        int count = readCount(body, 4);
        int[] types = new int[count];
        for (int i = 0; i < count; i++) {
            types[i] = body.readInt();
        }
        return new FrontendMessage.Parse(name, sql, types);
    }

    private static FrontendMessage bind(ByteBuf body) {
        String portal = PgFrameDecoder.readString(body);
        String statement = PgFrameDecoder.readString(body);
        short[] parameterFormats = readFormats(body);
        int count = readCount(body, 4);
        byte[][] parameters = new byte[count][];
        for (int i = 0; i < count; i++) {
            int length = readInt(body);
            if (length == -1) {
                continue;
            }
            if (length < 0 || length > body.readableBytes()) {
                throw new ProtocolViolation("insufficient data left in message: parameter " + (i + 1)
                        + " claims " + length + " bytes");
            }
            parameters[i] = new byte[length];
            body.readBytes(parameters[i]);
        }
        short[] resultFormats = readFormats(body);
        if (parameterFormats.length > 1 && parameterFormats.length != count) {
            throw new ProtocolViolation("bind message has " + parameterFormats.length + " parameter formats but "
                    + count + " parameters");
        }
        return new FrontendMessage.Bind(portal, statement, parameterFormats, parameters, resultFormats);
    }

    private static short[] readFormats(ByteBuf body) {
        int count = readCount(body, 2);
        short[] formats = new short[count];
        for (int i = 0; i < count; i++) {
            formats[i] = body.readShort();
            if (formats[i] != 0 && formats[i] != 1) {
                throw new ProtocolViolation("unsupported format code: " + formats[i]);
            }
        }
        return formats;
    }

    /** An int16 count whose elements (each at least {@code elementSize} bytes) must fit in the body. */
    private static int readCount(ByteBuf body, int elementSize) {
        if (body.readableBytes() < 2) {
            throw new ProtocolViolation("insufficient data left in message");
        }
        int count = body.readUnsignedShort();
        if (count > MAX_PARAMETERS || (long) count * elementSize > body.readableBytes()) {
            throw new ProtocolViolation("insufficient data left in message: count " + count + " does not fit");
        }
        return count;
    }

    private static int readInt(ByteBuf body) {
        if (body.readableBytes() < 4) {
            throw new ProtocolViolation("insufficient data left in message");
        }
        return body.readInt();
    }

    private static char kind(ByteBuf body, String message) {
        if (!body.isReadable()) {
            throw new ProtocolViolation("insufficient data left in message");
        }
        byte kind = body.readByte();
        if (kind != 'S' && kind != 'P') {
            throw new ProtocolViolation("invalid " + message + " message subtype " + kind);
        }
        return (char) kind;
    }

    private static byte[] readRest(ByteBuf body) {
        byte[] bytes = new byte[body.readableBytes()];
        body.readBytes(bytes);
        return bytes;
    }
}
