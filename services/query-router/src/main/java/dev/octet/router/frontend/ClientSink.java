package dev.octet.router.frontend;

import dev.octet.router.execution.ResultSink;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.ServerMessages;

/**
 * Results straight to the client. In the extended protocol a RowDescription is not relayed: the
 * client asked for it with Describe, which the router answered.
 */
final class ClientSink implements ResultSink {

    private final ClientChannel out;
    private final boolean extended;

    ClientSink(ClientChannel out, boolean extended) {
        this.out = out;
        this.extended = extended;
    }

    @Override
    public void row(PgMessage dataRow) {
        out.send(dataRow);
    }

    @Override
    public void relay(PgMessage message) {
        if (!extended || message.kind() != 'T') {
            out.send(message);
        }
    }

    @Override
    public void complete(String tag) {
        out.send(ServerMessages.commandComplete(tag));
    }

    @Override
    public boolean saturated() {
        return out.saturated();
    }

    @Override
    public void whenDrained(Runnable resume) {
        out.whenDrained(resume);
    }
}
