package dev.octet.router.protocol;

import java.util.List;

/** Messages the router sends to its clients, in the backend's role. */
public final class ServerMessages {

    public static final PgMessage AUTHENTICATION_OK = new MessageBuilder().int32(0).message('R');
    public static final PgMessage PARSE_COMPLETE = new PgMessage((byte) '1', new byte[0]);
    public static final PgMessage BIND_COMPLETE = new PgMessage((byte) '2', new byte[0]);
    public static final PgMessage CLOSE_COMPLETE = new PgMessage((byte) '3', new byte[0]);
    public static final PgMessage NO_DATA = new PgMessage((byte) 'n', new byte[0]);
    public static final PgMessage EMPTY_QUERY = new PgMessage((byte) 'I', new byte[0]);
    public static final PgMessage PORTAL_SUSPENDED = new PgMessage((byte) 's', new byte[0]);

    private ServerMessages() {
    }

    public static PgMessage authenticationSasl(List<String> mechanisms) {
        MessageBuilder builder = new MessageBuilder().int32(10);
        mechanisms.forEach(builder::string);
        return builder.int8(0).message('R');
    }

    public static PgMessage authenticationSaslContinue(byte[] data) {
        return new MessageBuilder().int32(11).bytes(data).message('R');
    }

    public static PgMessage authenticationSaslFinal(byte[] data) {
        return new MessageBuilder().int32(12).bytes(data).message('R');
    }

    public static PgMessage authenticationMd5(byte[] salt) {
        return new MessageBuilder().int32(5).bytes(salt).message('R');
    }

    public static PgMessage parameterStatus(String name, String value) {
        return new MessageBuilder().string(name).string(value).message('S');
    }

    public static PgMessage backendKeyData(int processId, int secretKey) {
        return new MessageBuilder().int32(processId).int32(secretKey).message('K');
    }

    public static PgMessage negotiateProtocolVersion(int newestMinor, List<String> unsupportedOptions) {
        MessageBuilder builder = new MessageBuilder().int32(newestMinor).int32(unsupportedOptions.size());
        unsupportedOptions.forEach(builder::string);
        return builder.message('v');
    }

    /** 'I' idle, 'T' in a transaction block, 'E' in a failed transaction block. */
    public static PgMessage readyForQuery(char status) {
        return new PgMessage((byte) 'Z', new byte[] {(byte) status});
    }

    public static PgMessage commandComplete(String tag) {
        return new MessageBuilder().string(tag).message('C');
    }

    public static PgMessage error(String severity, String sqlState, String message, String detail) {
        return notice('E', severity, sqlState, message, detail);
    }

    public static PgMessage notice(String sqlState, String message) {
        return notice('N', "WARNING", sqlState, message, null);
    }

    private static PgMessage notice(char type, String severity, String sqlState, String message, String detail) {
        MessageBuilder builder = new MessageBuilder()
                .int8('S').string(severity)
                .int8('V').string(severity)
                .int8('C').string(sqlState)
                .int8('M').string(message);
        if (detail != null) {
            builder.int8('D').string(detail);
        }
        return builder.int8(0).message(type);
    }

    public static PgMessage copyInResponse(int columns) {
        MessageBuilder builder = new MessageBuilder().int8(0).int16(columns);
        for (int i = 0; i < columns; i++) {
            builder.int16(0);
        }
        return builder.message('G');
    }
}
