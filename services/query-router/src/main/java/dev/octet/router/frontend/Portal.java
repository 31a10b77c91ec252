package dev.octet.router.frontend;

import dev.octet.router.execution.BoundParameters;
import dev.octet.router.protocol.PgMessage;
import java.util.List;

/**
 * A client's portal: a prepared statement bound to parameter values. One that stopped at a row
 * limit either waits suspended on a shard, or (for merged results) keeps its remaining rows here.
 */
final class Portal {

    final String name;
    final PreparedStatement statement;
    final BoundParameters parameters;
    final short[] resultFormats;
    int suspendedShard = -1;
    List<PgMessage> bufferedRows;
    String bufferedTag;

    Portal(String name, PreparedStatement statement, BoundParameters parameters, short[] resultFormats) {
        this.name = name;
        this.statement = statement;
        this.parameters = parameters;
        this.resultFormats = resultFormats;
    }
}
