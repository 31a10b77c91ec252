package dev.octet.router.client;

import dev.octet.router.auth.Md5Password;
import dev.octet.router.auth.ScramClientExchange;
import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.protocol.MessageBuilder;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One logged-in connection from the router to a shard, spoken over a blocking socket by the
 * session thread that holds it. It remembers what it has been told: the server's parameters, the
 * settings the router applied, and the statements it has prepared.
 */
public final class ShardConnection implements AutoCloseable {

    private static final int MAX_MESSAGE = 1 << 30;
    private static final int MAX_PREPARED = 256;

    private final ShardAddress address;
    private final SocketChannel socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Map<String, String> serverParameters = new HashMap<>();
    private final Map<String, String> appliedSettings = new HashMap<>();
    private final Map<String, String> prepared = new LinkedHashMap<>(16, 0.75f, true);
    private int processId;
    private int secretKey;
    private char transactionStatus = 'I';
    private int pendingPreludes;
    private PgException preludeError;
    private boolean broken;
    private long statementCounter;

    private ShardConnection(ShardAddress address, SocketChannel socket) {
        this.address = address;
        this.socket = socket;
        // A blocking channel reads with one read(2) per wait, where a Socket polls first.
        this.in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(socket), 32 * 1024));
        this.out = new BufferedOutputStream(Channels.newOutputStream(socket), 32 * 1024);
    }

    public static ShardConnection open(ShardAddress address, String user, String password, Duration connectTimeout) {
        SocketChannel socket = null;
        try {
            socket = SocketChannel.open();
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            socket.socket().connect(new InetSocketAddress(address.host(), address.port()), (int) connectTimeout.toMillis());
            ShardConnection connection = new ShardConnection(address, socket);
            connection.logIn(user, password);
            return connection;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ShardUnavailableException(address, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private void logIn(String user, String password) throws IOException {
        Map<String, String> startup = new LinkedHashMap<>();
        startup.put("user", user);
        startup.put("database", address.database());
        startup.put("client_encoding", "UTF8");
        startup.put("application_name", "octet-query-router");
        out.write(ClientMessages.startup(startup));
        out.flush();
        ScramClientExchange scram = null;
        while (true) {
            PgMessage message = readRaw();
            switch (message.kind()) {
                case 'R' -> {
                    ByteBuffer payload = ByteBuffer.wrap(message.payload());
                    int code = payload.getInt();
                    switch (code) {
                        case 0 -> {
                        }
                        case 3 -> send(ClientMessages.password(new MessageBuilder().string(password).toBytes()));
                        case 5 -> {
                            byte[] salt = new byte[4];
                            payload.get(salt);
                            String answer = Md5Password.response(Md5Password.stored(user, password), salt);
                            send(ClientMessages.password(new MessageBuilder().string(answer).toBytes()));
                        }
                        case 10 -> {
                            scram = new ScramClientExchange(password);
                            byte[] first = scram.clientFirst().getBytes(StandardCharsets.UTF_8);
                            send(ClientMessages.password(new MessageBuilder().string("SCRAM-SHA-256")
                                    .int32(first.length).bytes(first).toBytes()));
                        }
                        case 11 -> send(ClientMessages.password(scram.clientFinal(rest(payload))
                                .getBytes(StandardCharsets.UTF_8)));
                        case 12 -> {
                            if (!scram.verifyServerFinal(rest(payload))) {
                                throw new ShardUnavailableException(address, "the shard failed SCRAM server verification");
                            }
                        }
                        default -> throw new ShardUnavailableException(address, "unsupported authentication method " + code);
                    }
                    flush();
                }
                case 'S' -> recordParameter(message);
                case 'K' -> {
                    ByteBuffer payload = ByteBuffer.wrap(message.payload());
                    processId = payload.getInt();
                    secretKey = payload.getInt();
                }
                case 'E' -> throw new ShardUnavailableException(address, PgException.fromBackend(message).getMessage());
                case 'Z' -> {
                    transactionStatus = (char) message.payload()[0];
                    return;
                }
                default -> {
                }
            }
        }
    }

    private static String rest(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public ShardAddress address() {
        return address;
    }

    public int shard() {
        return address.index();
    }

    public int processId() {
        return processId;
    }

    public int secretKey() {
        return secretKey;
    }

    public Map<String, String> serverParameters() {
        return serverParameters;
    }

    /** Settings this connection carries beyond the server defaults: name to SQL value text. */
    public Map<String, String> appliedSettings() {
        return appliedSettings;
    }

    public char transactionStatus() {
        return transactionStatus;
    }

    /** True if the connection cannot be handed to anyone else: broken, or with a reply nobody read. */
    public boolean isBroken() {
        if (!broken) {
            try {
                broken = in.available() > 0;
            } catch (IOException e) {
                broken = true;
            }
        }
        return broken;
    }

    public void markBroken() {
        broken = true;
    }

    /** The name under which this connection prepared {@code key}, or null. */
    public String preparedName(String key) {
        return prepared.get(key);
    }

    /** Remembers a new prepared statement and returns its name; closes the oldest beyond the limit. */
    public String rememberPrepared(String key) {
        String name = "octet_s" + (++statementCounter);
        prepared.put(key, name);
        if (prepared.size() > MAX_PREPARED) {
            var eldest = prepared.entrySet().iterator().next();
            prepared.remove(eldest.getKey());
            send(ClientMessages.close('S', eldest.getValue()));
        }
        return name;
    }

    public void forgetPrepared() {
        prepared.clear();
    }

    public void send(PgMessage message) {
        try {
            byte[] payload = message.payload();
            out.write(message.type());
            int length = payload.length + 4;
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
            out.write(payload);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /**
     * Queues a simple query whose reply nobody waits for now (a SET or a BEGIN in front of the
     * statement that follows): {@link #read()} consumes its reply first, so it costs no round trip.
     */
    public void queuePrelude(String sql) {
        send(ClientMessages.query(sql));
        pendingPreludes++;
    }

    /**
     * The next message for the caller, after the replies to queued preludes. ParseComplete,
     * BindComplete and CloseComplete are dropped: the router answers those to its clients itself.
     */
    public PgMessage read() {
        drainPreludes();
        while (true) {
            PgMessage message = readMessage();
            char kind = message.kind();
            if (kind != '1' && kind != '2' && kind != '3') {
                return message;
            }
        }
    }

    private void drainPreludes() {
        while (pendingPreludes > 0) {
            PgMessage message = readMessage();
            if (message.kind() == 'E' && preludeError == null) {
                preludeError = PgException.fromBackend(message);
            } else if (message.kind() == 'Z') {
                pendingPreludes--;
            }
        }
        if (preludeError != null) {
            PgException error = preludeError;
            preludeError = null;
            throw error;
        }
    }

    private PgMessage readMessage() {
        try {
            PgMessage message = readRaw();
            switch (message.kind()) {
                case 'Z' -> transactionStatus = (char) message.payload()[0];
                case 'S' -> recordParameter(message);
                default -> {
                }
            }
            return message;
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private PgMessage readRaw() throws IOException {
        byte type = in.readByte();
        int length = in.readInt();
        if (length < 4 || length > MAX_MESSAGE) {
            throw new IOException("invalid message length " + length + " from the shard");
        }
        byte[] payload = new byte[length - 4];
        in.readFully(payload);
        return new PgMessage(type, payload);
    }

    private void recordParameter(PgMessage message) {
        byte[] payload = message.payload();
        int nameEnd = 0;
        while (payload[nameEnd] != 0) {
            nameEnd++;
        }
        int valueEnd = nameEnd + 1;
        while (payload[valueEnd] != 0) {
            valueEnd++;
        }
        serverParameters.put(new String(payload, 0, nameEnd, StandardCharsets.UTF_8),
                new String(payload, nameEnd + 1, valueEnd - nameEnd - 1, StandardCharsets.UTF_8));
    }

    /**
     * Runs a simple query and returns every message up to ReadyForQuery; an ErrorResponse is
     * thrown after the ReadyForQuery, so the connection stays usable.
     */
    public List<PgMessage> simpleQuery(String sql) {
        send(ClientMessages.query(sql));
        flush();
        List<PgMessage> replies = new ArrayList<>();
        PgException error = null;
        while (true) {
            PgMessage message = read();
            if (message.kind() == 'E' && error == null) {
                error = PgException.fromBackend(message);
            } else if (message.kind() == 'Z') {
                break;
            } else {
                replies.add(message);
            }
        }
        if (error != null) {
            throw error;
        }
        return replies;
    }

    /** Reads and drops messages up to and including ReadyForQuery. */
    public void skipToReady() {
        while (read().kind() != 'Z') {
            // discard
        }
    }

    private ShardUnavailableException failure(IOException e) {
        broken = true;
        closeQuietly(socket);
        return new ShardUnavailableException(address, "connection lost (" + (e.getMessage() == null ? e : e.getMessage()) + ")");
    }

    @Override
    public void close() {
        if (!broken && socket.isOpen()) {
            try {
                send(ClientMessages.TERMINATE);
                flush();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        broken = true;
        closeQuietly(socket);
    }

    private static void closeQuietly(java.io.Closeable socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Sends a CancelRequest for this connection's running query over a fresh socket. */
    public void cancel(Duration connectTimeout) {
        try (Socket cancel = new Socket()) {
            cancel.connect(new InetSocketAddress(address.host(), address.port()), (int) connectTimeout.toMillis());
            cancel.getOutputStream().write(ClientMessages.cancelRequest(processId, secretKey));
            cancel.getOutputStream().flush();
        } catch (IOException ignored) {
            // a cancel is best effort, as in PostgreSQL
        }
    }
}
