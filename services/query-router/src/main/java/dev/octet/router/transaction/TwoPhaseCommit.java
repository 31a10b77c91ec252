package dev.octet.router.transaction;

import dev.octet.router.backend.ShardConnection;
import dev.octet.router.protocol.ClientMessages;
import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.SqlState;
import dev.octet.router.repository.CoordinatorLog;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Commits a transaction that wrote on several shards atomically: PREPARE TRANSACTION on each, then
 * the decision in the {@link CoordinatorLog}, then COMMIT PREPARED on each. A crash before the
 * decision leaves prepared parts that recovery rolls back; after it, parts that recovery commits.
 */
public final class TwoPhaseCommit {

    private static final Logger LOG = Logger.getLogger(TwoPhaseCommit.class);

    private final CoordinatorLog log;
    private final String gidPrefix;
    private final String incarnation = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong counter = new AtomicLong();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();

    public TwoPhaseCommit(CoordinatorLog log) {
        this.log = log;
        this.gidPrefix = "octet_" + log.instance() + "_";
    }

    /** The prefix of every prepared transaction this router instance creates. */
    public String gidPrefix() {
        return gidPrefix;
    }

    /** Transaction ids whose outcome is being decided right now, which recovery must leave alone. */
    public Set<String> inFlight() {
        return Set.copyOf(inFlight);
    }

    static String gid(String prefix, String transactionId, int shard) {
        return prefix + transactionId + "_" + shard;
    }

    /** The transaction id inside a gid of ours, or null. */
    public String transactionIdOf(String gid) {
        if (!gid.startsWith(gidPrefix)) {
            return null;
        }
        int lastUnderscore = gid.lastIndexOf('_');
        return lastUnderscore <= gidPrefix.length() ? null : gid.substring(gidPrefix.length(), lastUnderscore);
    }

    public long committedCount() {
        return committed.get();
    }

    public long abortedCount() {
        return aborted.get();
    }

    /**
     * Commits {@code writers} atomically; {@code readers} only read, so they just commit (their
     * order does not matter). Throws if the transaction was rolled back instead.
     */
    public void commit(List<Participant> writers, List<Participant> readers) {
        String transactionId = incarnation + "x" + counter.incrementAndGet();
        inFlight.add(transactionId);
        try {
            List<Participant> prepared = prepare(transactionId, writers, readers);
            finishReaders(readers);
            try {
                log.recordCommit(transactionId, writers.stream().map(Participant::shard).toList());
            } catch (SQLException e) {
                // The decision may or may not be stored: leave the prepared parts to recovery.
                throw new PgException(SqlState.TRANSACTION_RESOLUTION_UNKNOWN, "the commit decision of a multi-shard "
                        + "transaction could not be confirmed (" + e.getMessage() + "); recovery will complete or roll"
                        + " it back");
            }
            boolean allDone = commitPrepared(transactionId, prepared);
            committed.incrementAndGet();
            if (allDone) {
                try {
                    log.forget(transactionId);
                } catch (SQLException e) {
                    LOG.debugf("Decision %s stays until recovery removes it: %s", transactionId, e.getMessage());
                }
            }
        } finally {
            inFlight.remove(transactionId);
        }
    }

    private List<Participant> prepare(String transactionId, List<Participant> writers, List<Participant> readers) {
        for (Participant writer : writers) {
            writer.connection().send(ClientMessages.query("PREPARE TRANSACTION '"
                    + gid(gidPrefix, transactionId, writer.shard()) + "'"));
            writer.connection().flush();
        }
        List<Participant> prepared = new ArrayList<>();
        PgException failure = null;
        for (Participant writer : writers) {
            try {
                readReply(writer.connection());
                prepared.add(writer);
            } catch (PgException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure == null) {
            return prepared;
        }
        aborted.incrementAndGet();
        for (Participant writer : prepared) {
            rollbackPrepared(writer.connection(), gid(gidPrefix, transactionId, writer.shard()));
        }
        for (Participant reader : readers) {
            quietly(reader.connection(), "ROLLBACK");
        }
        throw failure;
    }

    private static void finishReaders(List<Participant> readers) {
        for (Participant reader : readers) {
            reader.connection().simpleQuery("COMMIT");
        }
    }

    private boolean commitPrepared(String transactionId, List<Participant> prepared) {
        for (Participant writer : prepared) {
            writer.connection().send(ClientMessages.query("COMMIT PREPARED '"
                    + gid(gidPrefix, transactionId, writer.shard()) + "'"));
            writer.connection().flush();
        }
        boolean allDone = true;
        for (Participant writer : prepared) {
            try {
                readReply(writer.connection());
            } catch (RuntimeException e) {
                allDone = false;
                LOG.warnf("COMMIT PREPARED of %s on shard %d failed (recovery will finish it): %s", transactionId,
                        writer.shard(), e.getMessage());
            }
        }
        return allDone;
    }

    /** Reads one simple-query reply, throwing its error after the ReadyForQuery. */
    private static void readReply(ShardConnection connection) {
        PgException error = null;
        while (true) {
            var message = connection.read();
            if (message.kind() == 'E' && error == null) {
                error = PgException.fromBackend(message);
            } else if (message.kind() == 'Z') {
                break;
            }
        }
        if (error != null) {
            throw error;
        }
    }

    static void rollbackPrepared(ShardConnection connection, String gid) {
        quietly(connection, "ROLLBACK PREPARED '" + gid + "'");
    }

    private static void quietly(ShardConnection connection, String sql) {
        try {
            connection.simpleQuery(sql);
        } catch (RuntimeException e) {
            LOG.debugf("%s on shard %d failed: %s", sql, connection.shard(), e.getMessage());
        }
    }
}
