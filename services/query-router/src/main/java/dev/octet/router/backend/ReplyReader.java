package dev.octet.router.backend;

import dev.octet.router.protocol.PgMessage;

/** Takes a shard's reply on the connection's event loop, message by message, as it arrives. */
public interface ReplyReader {

    /** One message of the reply (screened as {@link ShardConnection#read()} screens); true once the reply is complete. */
    boolean accept(PgMessage message);

    /** Called once at the end: {@code failure} is null after the last message, else why the reply broke off. */
    void complete(RuntimeException failure);
}
