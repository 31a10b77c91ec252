package dev.octet.router.backend;

import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.protocol.ErrorFields;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.SqlState;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One logged-in connection from the router to a shard, a Netty channel on one event loop. Whoever
 * holds it sends messages into a buffer that goes out on {@link #flush()}; the reply is read either
 * by a thread that waits for it ({@link #read()}, off the event loops) or, on the connection's own
 * loop, by a {@link ReplyReader} that is handed each message as it arrives. It remembers what it
 * has been told: the server's parameters, the settings the router applied, and the statements it
 * has prepared.
 */
public final class ShardConnection implements AutoCloseable {

    private static final int MAX_PREPARED = 256;
    private static final int FLUSH_AT = 64 * 1024;
    private static final long WRITABLE_BACKOFF_NANOS = 200_000;

    private final ShardAddress address;
    private final ShardInbox inbox;
    private final Map<String, String> serverParameters = new HashMap<>();
    private final Map<String, String> appliedSettings = new HashMap<>();
    private final Map<String, String> prepared = new LinkedHashMap<>(16, 0.75f, true);
    /** Syncs and queries sent whose ReadyForQuery has not arrived yet: 0 when the connection is at rest. */
    private final AtomicInteger awaitingReady = new AtomicInteger(1);
    private Channel channel;
    private ByteBuf outgoing;
    private int processId;
    private int secretKey;
    private volatile char transactionStatus = 'I';
    private int pendingPreludes;
    private PgException preludeError;
    private volatile boolean broken;
    private String lostReason;
    private long statementCounter;
    private volatile PgException cancelledAs;

    private ShardConnection(ShardAddress address) {
        this.address = address;
        this.inbox = new ShardInbox(awaitingReady::decrementAndGet);
    }

    /** Connects and logs in, waiting for both: never on an event loop. The connection lives on {@code loop}. */
    public static ShardConnection open(ShardConnector connector, ShardAddress address, String user, String password,
                                       Duration connectTimeout, EventLoop loop) {
        ShardConnection connection = new ShardConnection(address);
        try {
            connection.channel = connector.connect(address, loop, connectTimeout, connection.inbox);
            int[] backendKey = new ShardLogin(connection, user, password, connector.startupParameters()).run();
            connection.processId = backendKey[0];
            connection.secretKey = backendKey[1];
            return connection;
        } catch (IOException e) {
            connection.closeChannel();
            throw new ShardUnavailableException(address, e.getMessage() == null ? e.toString() : e.getMessage());
        } catch (RuntimeException e) {
            connection.closeChannel();
            throw e;
        }
    }

    public ShardAddress address() {
        return address;
    }

    public int shard() {
        return address.index();
    }

    /** The event loop this connection's I/O runs on. */
    public EventLoop loop() {
        return channel.eventLoop();
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

    /**
     * True if the connection cannot be handed to anyone else: broken, or with a reply that has not
     * arrived or that nobody read.
     */
    public boolean isBroken() {
        return broken || awaitingReady.get() != 0 || !inbox.isEmpty() || !channel.isActive();
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

    // ---- sending -----------------------------------------------------------------------------

    public void send(PgMessage message) {
        ByteBuf out = outgoing();
        out.writeByte(message.type());
        out.writeInt(message.payload().length + 4);
        out.writeBytes(message.payload());
        if (message.type() == 'S' || message.type() == 'Q') {
            awaitingReady.incrementAndGet();
        }
        if (out.readableBytes() >= FLUSH_AT) {
            flush();
        }
    }

    /** A frame without a type byte (the startup packet). */
    void sendFrame(byte[] frame) {
        outgoing().writeBytes(frame);
    }

    private ByteBuf outgoing() {
        if (lostReason != null || !channel.isActive()) {
            throw failure(new IOException(lostReason != null ? lostReason : "the connection is closed"));
        }
        if (outgoing == null) {
            outgoing = channel.alloc().ioBuffer(512);
        }
        return outgoing;
    }

    /** Sends what was buffered; off the event loops, waits while the shard reads slower than we write. */
    public void flush() {
        ByteBuf out = outgoing;
        if (out == null) {
            return;
        }
        outgoing = null;
        channel.writeAndFlush(out, channel.voidPromise());
        if (!EventLoops.onLoop()) {
            while (!channel.isWritable() && channel.isActive()) {
                LockSupport.parkNanos(WRITABLE_BACKOFF_NANOS);
            }
        }
    }

    /**
     * Queues a simple query whose reply nobody waits for now (a SET or a BEGIN in front of the
     * statement that follows): readers consume its reply first, so it costs no round trip.
     */
    public void queuePrelude(String sql) {
        send(ClientMessages.query(sql));
        pendingPreludes++;
    }

    // ---- reading -----------------------------------------------------------------------------

    /**
     * The next message for the caller, after the replies to queued preludes, waiting for it (so never
     * on an event loop). ParseComplete, BindComplete and CloseComplete are dropped: the router answers
     * those to its clients itself.
     */
    public PgMessage read() {
        while (true) {
            PgMessage message = screen(take());
            if (message != null) {
                return message;
            }
        }
    }

    /**
     * Hands the coming messages, screened as {@link #read()} screens them, to {@code reader} as they
     * arrive, until it has the whole reply. Call on this connection's event loop, after flushing.
     */
    public void readAsync(ReplyReader reader) {
        AsyncRead read = new AsyncRead(reader);
        Object queued;
        while (!read.finished && (queued = inbox.poll()) != null) {
            read.accept(queued);
        }
        if (!read.finished) {
            inbox.listen(read);
        }
    }

    /** One reply being handed to a reader on the event loop. */
    private final class AsyncRead implements Consumer<Object> {
        private final ReplyReader reader;
        private boolean finished;

        AsyncRead(ReplyReader reader) {
            this.reader = reader;
        }

        @Override
        public void accept(Object item) {
            if (finished) {
                return;
            }
            RuntimeException failure = null;
            if (item instanceof Throwable cause) {
                finished = true;
                failure = failure(cause);
            } else {
                try {
                    PgMessage message = screen((PgMessage) item);
                    finished = message != null && reader.accept(message);
                } catch (RuntimeException e) {
                    failure = e;
                    finished = true;
                }
            }
            if (finished) {
                inbox.listen(null);
                reader.complete(failure);
            }
        }
    }

    /** Stops reading from the shard until {@link #resumeReading()}: the client is slower than the shard. */
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    public void resumeReading() {
        channel.config().setAutoRead(true);
    }

    /** The next message as it came, with status and parameters recorded (for the login). */
    PgMessage readUnscreened() {
        PgMessage message = take();
        track(message);
        return message;
    }

    private PgMessage take() {
        if (EventLoops.onLoop()) {
            throw new IllegalStateException("a waiting read from " + address + " on an event loop");
        }
        if (lostReason != null) {
            throw new ShardUnavailableException(address, "connection lost (" + lostReason + ")");
        }
        Object item;
        try {
            item = inbox.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            broken = true;
            throw new PgException(SqlState.QUERY_CANCELED, "interrupted while waiting for " + address);
        }
        if (item instanceof Throwable cause) {
            throw failure(cause);
        }
        return (PgMessage) item;
    }

    /**
     * The router is about to cancel this connection's statement for a reason of its own (a deadlock
     * victim, a timeout): the shard's "canceling statement due to user request" (57014) is then
     * reported as {@code error}. Cleared when the connection goes back to its pool.
     */
    public void reportCancelAs(PgException error) {
        cancelledAs = error;
    }

    /** Forgets a cancel reason no statement consumed (the statement ended before the cancel arrived). */
    void forgetCancel() {
        cancelledAs = null;
    }

    /** What the caller sees of one message: null for the router's own business; a prelude's error once its replies are in. */
    private PgMessage screen(PgMessage message) {
        if (message.kind() == 'E' && cancelledAs != null
                && SqlState.QUERY_CANCELED.equals(ErrorFields.parse(message.payload()).sqlState())) {
            message = cancelledAs.toMessage();
            cancelledAs = null;
        }
        track(message);
        char kind = message.kind();
        if (pendingPreludes > 0) {
            if (kind == 'E' && preludeError == null) {
                preludeError = PgException.fromBackend(message);
            } else if (kind == 'Z') {
                pendingPreludes--;
                if (pendingPreludes == 0 && preludeError != null) {
                    PgException error = preludeError;
                    preludeError = null;
                    throw error;
                }
            }
            return null;
        }
        return kind == '1' || kind == '2' || kind == '3' ? null : message;
    }

    private void track(PgMessage message) {
        if (message.kind() == 'Z') {
            transactionStatus = (char) message.payload()[0];
        } else if (message.kind() == 'S') {
            recordParameter(message);
        }
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

    private ShardUnavailableException failure(Throwable cause) {
        broken = true;
        lostReason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        closeChannel();
        return new ShardUnavailableException(address, "connection lost (" + lostReason + ")");
    }

    @Override
    public void close() {
        if (!broken && channel != null && channel.isActive()) {
            try {
                send(ClientMessages.TERMINATE);
                flush();
            } catch (RuntimeException ignored) {
                // closing anyway
            }
        }
        broken = true;
        closeChannel();
    }

    private void closeChannel() {
        if (outgoing != null) {
            outgoing.release();
            outgoing = null;
        }
        if (channel != null) {
            channel.close();
        }
    }

    /** Sends a CancelRequest for this connection's running query over a fresh socket. */
    public void cancel(Duration connectTimeout) {
        try (Socket cancel = new Socket()) {
            cancel.connect(new InetSocketAddress(address.host(), address.port()), (int) connectTimeout.toMillis());
            OutputStream out = cancel.getOutputStream();
            out.write(ClientMessages.cancelRequest(processId, secretKey));
            out.flush();
        } catch (IOException ignored) {
            // a cancel is best effort, as in PostgreSQL
        }
    }
}
