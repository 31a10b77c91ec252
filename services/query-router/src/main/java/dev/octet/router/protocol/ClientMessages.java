package dev.octet.router.protocol;

import java.util.Map;

/** Messages the router sends to a shard, in the frontend's role. */
public final class ClientMessages {

    public static final PgMessage SYNC = new PgMessage((byte) 'S', new byte[0]);
    public static final PgMessage FLUSH = new PgMessage((byte) 'H', new byte[0]);
    public static final PgMessage TERMINATE = new PgMessage((byte) 'X', new byte[0]);
    public static final PgMessage COPY_DONE = new PgMessage((byte) 'c', new byte[0]);

    private ClientMessages() {
    }

    /** The startup packet has no type byte: this returns the whole frame, length included. */
    public static byte[] startup(Map<String, String> parameters) {
        MessageBuilder body = new MessageBuilder().int32(PgFrameDecoder.PROTOCOL_3_0);
        parameters.forEach((name, value) -> body.string(name).string(value));
        byte[] payload = body.int8(0).toBytes();
        return new MessageBuilder(payload.length + 4).int32(payload.length + 4).bytes(payload).toBytes();
    }

    public static byte[] cancelRequest(int processId, int secretKey) {
        return new MessageBuilder().int32(16).int32(PgFrameDecoder.CANCEL_REQUEST_CODE).int32(processId)
                .int32(secretKey).toBytes();
    }

    public static PgMessage password(byte[] payload) {
        return new PgMessage((byte) 'p', payload);
    }

    public static PgMessage query(String sql) {
        return new MessageBuilder(sql.length() + 8).string(sql).message('Q');
    }

    public static PgMessage parse(String name, String sql, int[] parameterTypes) {
        MessageBuilder builder = new MessageBuilder(sql.length() + 32).string(name).string(sql)
                .int16(parameterTypes.length);
        for (int type : parameterTypes) {
            builder.int32(type);
        }
        return builder.message('P');
    }

    public static PgMessage bind(String portal, String statement, short[] parameterFormats, byte[][] parameters,
                                 short[] resultFormats) {
        MessageBuilder builder = new MessageBuilder(64).string(portal).string(statement).int16(parameterFormats.length);
        for (short format : parameterFormats) {
            builder.int16(format);
        }
        builder.int16(parameters.length);
        for (byte[] parameter : parameters) {
            builder.lengthPrefixed(parameter);
        }
        builder.int16(resultFormats.length);
        for (short format : resultFormats) {
            builder.int16(format);
        }
        return builder.message('B');
    }

    public static PgMessage describe(char kind, String name) {
        return new MessageBuilder().int8(kind).string(name).message('D');
    }

    public static PgMessage execute(String portal, int maxRows) {
        return new MessageBuilder().string(portal).int32(maxRows).message('E');
    }

    public static PgMessage close(char kind, String name) {
        return new MessageBuilder().int8(kind).string(name).message('C');
    }

    public static PgMessage copyData(byte[] data) {
        return new PgMessage((byte) 'd', data);
    }

    public static PgMessage copyFail(String reason) {
        return new MessageBuilder().string(reason).message('f');
    }
}
