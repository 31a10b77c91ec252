package dev.octet.router.backend;

import dev.octet.router.auth.Md5Password;
import dev.octet.router.auth.ScramClientExchange;
import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.protocol.MessageBuilder;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.PgMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The start-up of a shard connection: the startup packet, then cleartext, md5 or SCRAM-SHA-256 authentication. */
final class ShardLogin {

    private final ShardConnection connection;
    private final String user;
    private final String password;
    private final Map<String, String> settings;

    ShardLogin(ShardConnection connection, String user, String password, Map<String, String> settings) {
        this.connection = connection;
        this.user = user;
        this.password = password;
        this.settings = settings;
    }

    /** Logs in and returns the backend's process id and secret key; reads up to the first ReadyForQuery. */
    int[] run() {
        Map<String, String> startup = new LinkedHashMap<>();
        startup.put("user", user);
        startup.put("database", connection.address().database());
        startup.put("client_encoding", "UTF8");
        startup.put("application_name", "octet-query-router");
        startup.putAll(settings);
        connection.sendFrame(ClientMessages.startup(startup));
        connection.flush();
        ScramClientExchange scram = null;
        int[] backendKey = new int[2];
        while (true) {
            PgMessage message = connection.readUnscreened();
            switch (message.kind()) {
                case 'R' -> {
                    ByteBuffer payload = ByteBuffer.wrap(message.payload());
                    int code = payload.getInt();
                    switch (code) {
                        case 0 -> {
                        }
                        case 3 -> connection.send(ClientMessages.password(new MessageBuilder().string(password).toBytes()));
                        case 5 -> {
                            byte[] salt = new byte[4];
                            payload.get(salt);
                            String answer = Md5Password.response(Md5Password.stored(user, password), salt);
                            connection.send(ClientMessages.password(new MessageBuilder().string(answer).toBytes()));
                        }
                        case 10 -> {
                            scram = new ScramClientExchange(password);
                            byte[] first = scram.clientFirst().getBytes(StandardCharsets.UTF_8);
                            connection.send(ClientMessages.password(new MessageBuilder().string("SCRAM-SHA-256")
                                    .int32(first.length).bytes(first).toBytes()));
                        }
                        case 11 -> connection.send(ClientMessages.password(scram.clientFinal(rest(payload))
                                .getBytes(StandardCharsets.UTF_8)));
                        case 12 -> {
                            if (!scram.verifyServerFinal(rest(payload))) {
                                throw unavailable("the shard failed SCRAM server verification");
                            }
                        }
                        default -> throw unavailable("unsupported authentication method " + code);
                    }
                    connection.flush();
                }
                case 'K' -> {
                    ByteBuffer payload = ByteBuffer.wrap(message.payload());
                    backendKey[0] = payload.getInt();
                    backendKey[1] = payload.getInt();
                }
                case 'E' -> throw unavailable(PgException.fromBackend(message).getMessage());
                case 'Z' -> {
                    return backendKey;
                }
                default -> {
                    // ParameterStatus is recorded by the connection; notices are of no interest
                }
            }
        }
    }

    private ShardUnavailableException unavailable(String reason) {
        return new ShardUnavailableException(connection.address(), reason);
    }

    private static String rest(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
