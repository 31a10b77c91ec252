package dev.octet.router.planner;

import java.util.List;

/** What the router does with one SQL statement. Plans are immutable and shared between sessions. */
public sealed interface Plan {

    /** The statement text as the client sent it. */
    String sql();

    /** An empty statement (only comments or blanks). */
    record Empty(String sql) implements Plan {
    }

    /** Transaction control, which the router carries out itself across the shards. */
    record Transaction(String sql, TransactionCommand command, String savepoint) implements Plan {
    }

    /** A session command (SET, RESET, DISCARD, DEALLOCATE) the router keeps for the session. */
    record Session(String sql, SessionCommand command, String name) implements Plan {
    }

    /**
     * A statement for every shard that is not row data: DDL, VACUUM, LOCK, DO. {@code transactional}
     * is false for commands PostgreSQL refuses inside a transaction block (VACUUM, CONCURRENTLY).
     */
    record Broadcast(String sql, boolean transactional, String tag) implements Plan {
    }

    /** COPY ... FROM STDIN into {@code table}; {@code columns} empty means all, in table order. */
    record CopyIn(String sql, String table, List<String> columns) implements Plan {
    }

    /** A statement the router will not run, with the reason. */
    record Refused(String sql, String sqlState, String message, boolean checkSyntaxFirst) implements Plan {
    }

    /**
     * A query or data change, routed by its tables and shard key values.
     *
     * @param keyGroups for {@link Target#KEYED}: every group must land on the shards it names
     * @param insertKeys for a multi-row INSERT into a sharded table: each row's key, in order
     * @param multiShardRefusal why this statement cannot run on several shards (null: it can)
     * @param fromShape planned from the statement with its literals lifted into parameters
     * @param literals the lifted literals, parameters {@code explicitParameters + 1} and up
     * @param merge how to combine the shards' results (multi-shard SELECT, exact plans only)
     * @param pinsSession the statement takes session state (an advisory lock) on one shard
     */
    record Routed(String sql, Verb verb, boolean writes, Target target, String table, List<KeyGroup> keyGroups,
                  List<ValueRef> insertKeys, String multiShardRefusal, boolean fromShape, int explicitParameters,
                  List<String> literals, MergeSpec merge, boolean pinsSession) implements Plan {

        public Routed withLiterals(String originalSql, List<String> values) {
            return new Routed(originalSql, verb, writes, target, table, keyGroups, insertKeys, multiShardRefusal,
                    true, explicitParameters, values, merge, pinsSession);
        }
    }
}
