package dev.octet.router.planner;

import dev.octet.router.sharding.TableKind;
import dev.octet.router.sharding.TableRegistry;
import dev.octet.router.sharding.TableRegistry.Column;
import java.util.List;
import java.util.Map;

/**
 * The tables of the differential corpus ({@code differential-setup.sql}), declared as DifferentialIT
 * declares them to its router, with their catalog columns in order; plus a shard-local outbox and a
 * sharded table the catalog does not know yet.
 */
public final class CorpusTables {

    private static final Map<String, List<Column>> CATALOG = Map.of(
            "customers", List.of(new Column("id", "integer"), new Column("name", "text"), new Column("city", "text"),
                    new Column("tier", "integer"), new Column("balance", "numeric")),
            "orders", List.of(new Column("customer_id", "integer"), new Column("id", "integer"),
                    new Column("amount", "numeric"), new Column("status", "text"), new Column("placed", "date")),
            "events", List.of(new Column("id", "uuid"), new Column("kind", "text"), new Column("n", "bigint"),
                    new Column("ratio", "double precision"), new Column("at", "timestamp with time zone")),
            "products", List.of(new Column("id", "integer"), new Column("name", "text"), new Column("price", "numeric")),
            "outbox", List.of(new Column("id", "uuid"), new Column("topic", "text"), new Column("position", "bigint")));

    private CorpusTables() {
    }

    /** customers on id, orders on customer_id, events on id; products is a reference table. */
    public static TableRegistry registry() {
        TableRegistry tables = new TableRegistry(table -> CATALOG.getOrDefault(table, List.of()));
        tables.declareSharded("customers:id,orders:customer_id,events:id,ghosts:id");
        tables.declare("outbox", TableKind.SHARD_LOCAL);
        return tables;
    }

    /** A planner over {@link #registry()}. */
    public static QueryPlanner planner() {
        return new QueryPlanner(registry());
    }
}
