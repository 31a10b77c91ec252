package dev.octet.router.execution;

import dev.octet.router.backend.ShardConnection;
import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.transaction.ClientTransaction;
import dev.octet.router.transaction.Participant;
import java.util.Arrays;

/** Sends a statement that needs one shard: as a Query, or as Bind/Execute (with a Parse the first time) in one write. */
final class SingleShard {

    private SingleShard() {
    }

    /** Sends {@code sql} and flushes; returns true if its reply ends with a ReadyForQuery (it was synced). */
    static boolean send(ClientTransaction transaction, Participant participant, String sql, Invocation call) {
        ShardConnection connection = participant.connection();
        if (!call.extended()) {
            connection.send(ClientMessages.query(sql));
            connection.flush();
            return true;
        }
        String backendPortal = portalName(call.portal());
        if (!backendPortal.isEmpty()) {
            // A named portal may have been used before in this transaction; closing a missing one is no error.
            connection.send(ClientMessages.close('P', backendPortal));
        }
        String statement = prepareOn(connection, sql, call.parameterTypes(), !call.statementName().isEmpty());
        connection.send(ClientMessages.bind(backendPortal, statement, call.parameters().formats(),
                call.parameters().values(), call.resultFormats()));
        connection.send(ClientMessages.execute(backendPortal, call.maxRows()));
        return finish(transaction, participant, call);
    }

    /** Ends an Execute with a Sync (when nothing follows on this shard in the unit) or a Flush, and sends it. */
    static boolean finish(ClientTransaction transaction, Participant participant, Invocation call) {
        boolean sync = transaction.inBlock() || (call.lastInUnit() && call.maxRows() == 0);
        ShardConnection connection = participant.connection();
        connection.send(sync ? ClientMessages.SYNC : ClientMessages.FLUSH);
        connection.flush();
        participant.setAwaitingSync(!sync);
        return sync;
    }

    /** The shard-side portal of a client portal: the unnamed one for the unnamed one. */
    static String portalName(String clientPortal) {
        return clientPortal.isEmpty() ? "" : "octet_p_" + clientPortal;
    }

    /** The name of {@code sql} prepared on this connection (preparing it if needed), or "" for unnamed. */
    private static String prepareOn(ShardConnection connection, String sql, int[] types, boolean named) {
        if (!named) {
            connection.send(ClientMessages.parse("", sql, types));
            return "";
        }
        String key = Arrays.toString(types) + sql;
        String name = connection.preparedName(key);
        if (name == null) {
            name = connection.rememberPrepared(key);
            connection.send(ClientMessages.parse(name, sql, types));
        }
        return name;
    }
}
