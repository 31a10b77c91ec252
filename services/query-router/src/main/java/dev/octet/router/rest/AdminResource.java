package dev.octet.router.rest;

import dev.octet.platform.access.CalledBy;
import dev.octet.platform.web.ProblemException;
import dev.octet.router.admin.PartitionMover;
import dev.octet.router.backend.ShardPool;
import dev.octet.router.execution.QueryStats;
import dev.octet.router.execution.ShardedDatabase;
import dev.octet.router.runtime.RouterRuntime;
import dev.octet.router.sharding.KeyType;
import dev.octet.router.sharding.PartitionDirectory;
import dev.octet.router.sharding.TableKind;
import dev.octet.router.sharding.TableRegistry;
import dev.octet.router.transaction.TransactionRecovery;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The operator's view of the distributed database, and partition moves. */
@Path("/admin")
@CalledBy(operators = true)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class AdminResource {

    /** One shard and its connection pool. */
    public record ShardView(int index, String host, int port, String database, boolean healthy, String lastError,
                            int openConnections, int idleConnections, int maxConnections, int partitions) {
    }

    /** The partition directory. */
    public record DirectoryView(int virtualPartitions, int shards, List<Integer> shardOfPartition,
                                Map<Integer, Integer> partitionsPerShard) {
    }

    /** A move request: the shard the partition should live on. */
    public record MoveRequest(@NotNull Integer shard) {
    }

    /** Two-phase commit and deadlock figures. */
    public record TransactionsView(long twoPhaseCommits, long twoPhaseAborts, int inFlight, long deadlocksBroken) {
    }

    /** Where the rows with one shard key value live. */
    public record KeyLocation(String table, String key, int partition, int shard) {
    }

    private final RouterRuntime runtime;

    public AdminResource(RouterRuntime runtime) {
        this.runtime = runtime;
    }

    private ShardedDatabase database() {
        return runtime.router().database();
    }

    @GET
    @Path("/shards")
    @Operation(summary = "The shards, their health and their connection pools")
    public List<ShardView> shards() {
        int[] directory = database().directory().snapshot();
        List<ShardView> views = new ArrayList<>();
        for (ShardPool pool : database().shards().pools()) {
            int index = pool.address().index();
            int partitions = 0;
            for (int shard : directory) {
                partitions += shard == index ? 1 : 0;
            }
            views.add(new ShardView(index, pool.address().host(), pool.address().port(), pool.address().database(),
                    pool.isHealthy(), pool.lastError(), pool.openConnections(), pool.idleConnections(), pool.maxSize(),
                    partitions));
        }
        return views;
    }

    @GET
    @Path("/partitions")
    @Operation(summary = "The directory of virtual partitions to shards")
    public DirectoryView partitions() {
        int[] directory = database().directory().snapshot();
        List<Integer> map = new ArrayList<>();
        Map<Integer, Integer> perShard = new TreeMap<>();
        for (int shard : directory) {
            map.add(shard);
            perShard.merge(shard, 1, Integer::sum);
        }
        return new DirectoryView(directory.length, database().shards().count(), map, perShard);
    }

    @POST
    @Path("/partitions/{partition}/move")
    @Operation(summary = "Moves a virtual partition to another shard, online")
    public PartitionMover.Report move(@PathParam("partition") int partition, MoveRequest request) {
        if (request == null || request.shard() == null) {
            throw ProblemException.badRequest("The body must name the target shard: {\"shard\": 2}");
        }
        try {
            return runtime.router().mover().move(partition, request.shard());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        } catch (IllegalStateException e) {
            throw ProblemException.conflict("partition-move-failed", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.conflict("partition-move-failed", "interrupted");
        } catch (Exception e) {
            throw ProblemException.conflict("partition-move-failed", "The move was rolled back: " + e.getMessage());
        }
    }

    @GET
    @Path("/tables")
    @Operation(summary = "Declared tables: sharded (with their key), shard-local, reference")
    public List<TableRegistry.Declaration> tables() {
        return List.copyOf(database().tables().declarations().values());
    }

    @GET
    @Path("/tables/{table}/keys/{key}")
    @Operation(summary = "The virtual partition and the shard that hold a sharded table's rows with this key")
    public KeyLocation locate(@PathParam("table") String table, @PathParam("key") String key) {
        TableRegistry tables = database().tables();
        if (tables.kind(table) != TableKind.SHARDED) {
            throw ProblemException.notFound("Table " + table + " is not a sharded table (GET /admin/tables lists them).");
        }
        KeyType type = tables.keyType(table).orElseThrow(() -> ProblemException.notFound("Table " + table
                + " is declared sharded but does not exist on the shards yet."));
        long hash;
        try {
            hash = type.hashText(key);
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("\"" + key + "\" is not a valid shard key of " + table + ": "
                    + e.getMessage());
        }
        PartitionDirectory directory = database().directory();
        int partition = directory.partitionOf(hash);
        return new KeyLocation(TableRegistry.normalize(table), key, partition, directory.shardOf(partition));
    }

    @GET
    @Path("/queries")
    @Operation(summary = "Counts and latencies per query shape, busiest first")
    public List<QueryStats.ShapeFigures> queries(@QueryParam("limit") @DefaultValue("50") int limit) {
        return database().stats().top(Math.max(1, Math.min(limit, 1000)));
    }

    @DELETE
    @Path("/queries")
    @Operation(summary = "Forgets the per-shape statistics")
    public void clearQueries() {
        database().stats().clear();
    }

    @GET
    @Path("/transactions")
    @Operation(summary = "Two-phase commit figures")
    public TransactionsView transactions() {
        var coordinator = database().twoPhaseCommit();
        return new TransactionsView(coordinator.committedCount(), coordinator.abortedCount(),
                coordinator.inFlight().size(), runtime.router().deadlockDetector().victims());
    }

    @POST
    @Path("/recovery")
    @Operation(summary = "Resolves in-doubt transactions now")
    public TransactionRecovery.Outcome recover() {
        try {
            return runtime.router().recovery().recover();
        } catch (Exception e) {
            throw ProblemException.conflict("recovery-failed", e.getMessage());
        }
    }
}
