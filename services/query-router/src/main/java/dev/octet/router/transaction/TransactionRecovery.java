package dev.octet.router.transaction;

import dev.octet.router.backend.ShardConnection;
import dev.octet.router.backend.ShardPool;
import dev.octet.router.backend.Shards;
import dev.octet.router.protocol.DataRow;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.repository.CoordinatorLog;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Resolves in-doubt transactions: every prepared transaction of this router instance is committed if
 * the coordinator log holds its commit decision, and rolled back otherwise (presumed abort). Runs
 * at start-up, before clients are let in, and then periodically for parts a shard could not finish.
 */
public final class TransactionRecovery {

    private static final Logger LOG = Logger.getLogger(TransactionRecovery.class);

    /** What one pass found and did. */
    public record Outcome(int committed, int rolledBack, int unreachableShards) {
    }

    private final Shards shards;
    private final CoordinatorLog log;
    private final TwoPhaseCommit coordinator;

    public TransactionRecovery(Shards shards, CoordinatorLog log, TwoPhaseCommit coordinator) {
        this.shards = shards;
        this.log = log;
        this.coordinator = coordinator;
    }

    public synchronized Outcome recover() throws SQLException {
        // Order matters: prepared gids first, then who is in flight, then the decisions. A transaction
        // not in flight by then has its decision (if any) stored before we read the decisions.
        List<List<String>> preparedByShard = new ArrayList<>();
        int unreachable = 0;
        for (ShardPool pool : shards.pools()) {
            try (ShardConnection connection = pool.openDedicated()) {
                preparedByShard.add(preparedGids(connection));
            } catch (RuntimeException e) {
                preparedByShard.add(null);
                unreachable++;
            }
        }
        Set<String> inFlight = coordinator.inFlight();
        Set<String> decided = log.committed();
        int committed = 0;
        int rolledBack = 0;
        Set<String> stillPrepared = new HashSet<>();
        for (int shard = 0; shard < preparedByShard.size(); shard++) {
            List<String> gids = preparedByShard.get(shard);
            if (gids == null || gids.isEmpty()) {
                continue;
            }
            try (ShardConnection connection = shards.pool(shard).openDedicated()) {
                for (String gid : gids) {
                    String transactionId = coordinator.transactionIdOf(gid);
                    if (transactionId == null || inFlight.contains(transactionId)) {
                        stillPrepared.add(transactionId);
                        continue;
                    }
                    if (decided.contains(transactionId)) {
                        connection.simpleQuery("COMMIT PREPARED '" + gid + "'");
                        committed++;
                    } else {
                        connection.simpleQuery("ROLLBACK PREPARED '" + gid + "'");
                        rolledBack++;
                    }
                }
            } catch (RuntimeException e) {
                unreachable++;
                gids.forEach(gid -> stillPrepared.add(coordinator.transactionIdOf(gid)));
                LOG.warnf("Recovery could not finish on shard %d: %s", shard, e.getMessage());
            }
        }
        if (unreachable == 0) {
            for (String transactionId : decided) {
                if (!stillPrepared.contains(transactionId) && !inFlight.contains(transactionId)) {
                    log.forget(transactionId);
                }
            }
        }
        if (committed + rolledBack > 0) {
            LOG.infof("Recovered in-doubt transactions: %d committed, %d rolled back", committed, rolledBack);
        }
        return new Outcome(committed, rolledBack, unreachable);
    }

    private List<String> preparedGids(ShardConnection connection) {
        List<String> gids = new ArrayList<>();
        String prefix = coordinator.gidPrefix().replace("_", "\\_");
        for (PgMessage message : connection.simpleQuery("select gid from pg_prepared_xacts where database = "
                + "current_database() and gid like '" + prefix.replace("'", "''") + "%'")) {
            if (message.kind() == 'D') {
                gids.add(new String(DataRow.columns(message.payload())[0], StandardCharsets.UTF_8));
            }
        }
        return gids;
    }
}
