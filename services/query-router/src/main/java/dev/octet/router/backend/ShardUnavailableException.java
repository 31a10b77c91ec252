package dev.octet.router.backend;

import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.SqlState;

/** A shard cannot be reached, or its connection broke: SQLSTATE 08006 for the statement that needed it. */
public final class ShardUnavailableException extends PgException {

    public ShardUnavailableException(ShardAddress shard, String reason) {
        super(SqlState.CONNECTION_FAILURE, shard + " is unavailable: " + reason);
    }
}
