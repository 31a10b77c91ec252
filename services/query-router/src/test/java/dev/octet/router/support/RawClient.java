package dev.octet.router.support;

import dev.octet.router.auth.ScramClientExchange;
import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.protocol.ErrorFields;
import dev.octet.router.protocol.MessageBuilder;
import dev.octet.router.protocol.PgMessage;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A bare-wire PostgreSQL client, to send the router exactly the bytes a test wants. */
public final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    public RawClient(int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBuffer the socket's receive buffer in bytes (0: the system's default), small for a slow reader */
    public RawClient(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Connects and logs in with SCRAM as the test user; reads up to the first ReadyForQuery. */
    public static RawClient loggedIn(int port) throws IOException {
        RawClient client = new RawClient(port);
        client.logIn();
        return client;
    }

    /** As {@link #loggedIn(int)}, with a receive buffer of {@code receiveBuffer} bytes. */
    public static RawClient loggedIn(int port, int receiveBuffer) throws IOException {
        RawClient client = new RawClient(port, receiveBuffer);
        client.logIn();
        return client;
    }

    /** Sends the startup packet and answers SCRAM; reads up to the first ReadyForQuery. */
    public List<PgMessage> logIn() throws IOException {
        RawClient client = this;
        client.raw(ClientMessages.startup(Map.of("user", TestRouter.USER, "database", TestRouter.DATABASE)));
        PgMessage sasl = client.read();
        if (sasl.kind() != 'R' || ByteBuffer.wrap(sasl.payload()).getInt() != 10) {
            throw new IllegalStateException("expected SASL, got " + sasl.kind());
        }
        ScramClientExchange scram = new ScramClientExchange(TestRouter.PASSWORD);
        byte[] first = scram.clientFirst().getBytes(StandardCharsets.UTF_8);
        client.send(ClientMessages.password(new MessageBuilder().string("SCRAM-SHA-256").int32(first.length)
                .bytes(first).toBytes()));
        PgMessage serverFirst = client.read();
        client.send(ClientMessages.password(scram.clientFinal(new String(serverFirst.payload(), 4,
                serverFirst.payload().length - 4, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
        return client.readUntilReady();
    }

    public int readByte() throws IOException {
        return in.readUnsignedByte();
    }

    public void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void send(PgMessage... messages) throws IOException {
        for (PgMessage message : messages) {
            out.write(message.type());
            out.write(ByteBuffer.allocate(4).putInt(message.payload().length + 4).array());
            out.write(message.payload());
        }
        out.flush();
    }

    public PgMessage read() throws IOException {
        byte type = in.readByte();
        int length = in.readInt();
        byte[] payload = new byte[length - 4];
        in.readFully(payload);
        return new PgMessage(type, payload);
    }

    /** Every message up to and including ReadyForQuery. */
    public List<PgMessage> readUntilReady() throws IOException {
        List<PgMessage> messages = new ArrayList<>();
        PgMessage message;
        do {
            message = read();
            messages.add(message);
        } while (message.kind() != 'Z');
        return messages;
    }

    /** True if the router closed the connection (after whatever it sent last). */
    public boolean closedByServer() throws IOException {
        return closedByServer(message -> { });
    }

    /** As {@link #closedByServer()}, handing each message that came before the end to {@code seen}. */
    public boolean closedByServer(java.util.function.Consumer<PgMessage> seen) throws IOException {
        try {
            while (true) {
                seen.accept(read());
            }
        } catch (EOFException e) {
            return true;
        }
    }

    public static String sqlState(PgMessage error) {
        return ErrorFields.parse(error.payload()).sqlState();
    }

    public static String severity(PgMessage error) {
        return ErrorFields.parse(error.payload()).severity();
    }

    public static String message(PgMessage error) {
        return ErrorFields.parse(error.payload()).message();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
