package dev.octet.router.frontend;

import dev.octet.router.execution.ResultSink;
import dev.octet.router.protocol.PgMessage;
import java.util.ArrayList;
import java.util.List;

/** Keeps a result's messages, in order, to hand its rows out Execute by Execute. */
final class BufferingSink implements ResultSink {

    final List<PgMessage> messages = new ArrayList<>();
    String tag;

    @Override
    public void row(PgMessage dataRow) {
        messages.add(dataRow);
    }

    @Override
    public void relay(PgMessage message) {
        if (message.kind() != 'T') {
            messages.add(message);
        }
    }

    @Override
    public void complete(String tag) {
        this.tag = tag;
    }
}
