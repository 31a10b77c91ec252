package dev.octet.router.planner;

import dev.octet.router.protocol.SqlState;
import dev.octet.router.sharding.TableKind;
import dev.octet.router.sharding.TableRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * Plans queries and data changes from their syntax tree: which shards they need, given the tables
 * they touch and the shard key values in their conditions, and how to merge multi-shard answers.
 */
final class DmlAnalyzer {

    private static final Set<String> SESSION_LOCK_FUNCTIONS = Set.of("pg_advisory_lock", "pg_advisory_lock_shared",
            "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_advisory_unlock", "pg_advisory_unlock_shared",
            "pg_advisory_unlock_all");

    private final TableRegistry registry;

    DmlAnalyzer(TableRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param sql the text that was parsed (literals may have been lifted into parameters)
     * @param exact false when {@code sql} is the parameterized shape: no merge plan is made then
     */
    Plan.Routed analyze(String sql, Statement statement, List<SqlLexer.Token> tokens, boolean exact,
                        int explicitParameters) {
        boolean pins = tokens.stream().anyMatch(t -> t.kind() == SqlLexer.Kind.WORD
                && SESSION_LOCK_FUNCTIONS.contains(t.value()));
        Plan.Routed plan;
        if (statement instanceof Select select) {
            plan = select(sql, select, exact, explicitParameters);
        } else if (statement instanceof Insert insert) {
            plan = insert(sql, insert, explicitParameters);
        } else if (statement instanceof Update update) {
            plan = update(sql, update, explicitParameters);
        } else if (statement instanceof Delete delete) {
            plan = delete(sql, delete, explicitParameters);
        } else {
            plan = routed(sql, Verb.OTHER, false, Target.ANY, null, List.of(), null, explicitParameters, null);
        }
        if (pins) {
            if (plan.target() != Target.ANY) {
                throw new Refusal("session-level advisory locks together with distributed tables");
            }
            return new Plan.Routed(plan.sql(), plan.verb(), plan.writes(), plan.target(), plan.table(),
                    plan.keyGroups(), plan.insertKeys(), plan.multiShardRefusal(), plan.fromShape(),
                    plan.explicitParameters(), plan.literals(), plan.merge(), true);
        }
        return plan;
    }

    /** A statement the router refuses (0A000), with what it is. */
    static final class Refusal extends RuntimeException {
        Refusal(String what) {
            super("the query router does not support " + what);
        }

        String sqlState() {
            return SqlState.FEATURE_NOT_SUPPORTED;
        }
    }

    private Plan.Routed select(String sql, Select select, boolean exact, int explicitParameters) {
        if (select.getWithItemsList() != null && select.getWithItemsList().stream()
                .anyMatch(with -> !(with.getParenthesedStatement() instanceof ParenthesedSelect))) {
            throw new Refusal("data-modifying WITH");
        }
        ShardScopes scopes = new ShardScopes(registry);
        scopes.getTables((Statement) select);
        boolean writes = false;
        List<ShardScopes.Occurrence> local = scopes.shardLocal();
        List<ShardScopes.Occurrence> sharded = scopes.sharded();
        if (sharded.isEmpty() && local.isEmpty()) {
            return routed(sql, Verb.SELECT, writes, Target.ANY, null, List.of(), null, explicitParameters, null);
        }
        if (!sharded.isEmpty() && !local.isEmpty()) {
            throw new Refusal("a query over both shard-local (" + local.get(0).table + ") and sharded ("
                    + sharded.get(0).table + ") tables");
        }
        List<ShardScopes.Group> groups = scopes.groups();
        if (groups.size() > 1 && groups.stream().anyMatch(g -> g.values() == null)) {
            if (!(select instanceof PlainSelect)) {
                throw new Refusal("UNION, INTERSECT or EXCEPT over sharded tables across shards (pin every part to "
                        + "one shard with its key)");
            }
            if (groups.stream().anyMatch(g -> !g.hasTopLevelMember())) {
                throw new Refusal("a subquery over sharded table " + groups.stream().filter(g -> !g.hasTopLevelMember())
                        .findFirst().orElseThrow().members().get(0).table + " that is not joined to the outer query on "
                        + "the shard key");
            }
        }
        String refusal = fanOutRefusal(select, groups, local);
        MergeSpec merge = null;
        if (exact && refusal == null && select instanceof PlainSelect plain) {
            try {
                merge = MergeAnalyzer.analyze(plain, keyColumns(scopes));
            } catch (MergeAnalyzer.Unsupported e) {
                refusal = "the query router does not support " + e.getMessage();
            }
        }
        if (!local.isEmpty()) {
            return routed(sql, Verb.SELECT, false, Target.TRANSACTION_SHARDS, local.get(0).table, List.of(), refusal,
                    explicitParameters, merge);
        }
        String spread = !(select instanceof PlainSelect)
                ? "the query router does not support UNION, INTERSECT or EXCEPT whose parts are on different shards"
                : groups.stream().anyMatch(g -> !g.hasTopLevelMember())
                ? "the query router does not support subqueries whose shard keys pin them to another shard than the "
                + "outer query" : null;
        return keyedOrAll(sql, Verb.SELECT, false, groups, refusal, explicitParameters, merge, spread);
    }

    /** Why this query may not run on several shards, or null if it may. */
    private static String fanOutRefusal(Select select, List<ShardScopes.Group> groups,
                                        List<ShardScopes.Occurrence> local) {
        if (!(select instanceof PlainSelect)) {
            return "the query router does not support UNION, INTERSECT, EXCEPT or VALUES over distributed tables "
                    + "across shards (pin every part to one shard with its key)";
        }
        if (!local.isEmpty()) {
            return local.stream().allMatch(o -> o.topLevel) ? null
                    : "the query router does not support subqueries over shard-local tables across shards";
        }
        if (groups.size() == 1 && !groups.get(0).hasTopLevelMember()) {
            return "the query router does not support subqueries, derived tables or CTEs over sharded tables across "
                    + "shards unless they are joined to the outer query on the shard key";
        }
        return null;
    }

    /** The shard key column of each sharded table in the top-level FROM list, by the name the query uses. */
    private static Map<String, String> keyColumns(ShardScopes scopes) {
        Map<String, String> keys = new HashMap<>();
        scopes.topLevelByName().forEach((name, occurrence) -> {
            if (occurrence.kind == TableKind.SHARDED) {
                keys.put(name, occurrence.keyColumn);
            }
        });
        return keys;
    }

    private Plan.Routed keyedOrAll(String sql, Verb verb, boolean writes, List<ShardScopes.Group> groups,
                                   String refusal, int explicitParameters, MergeSpec merge, String spreadRefusal) {
        String table = groups.get(0).members().get(0).table;
        if (groups.stream().allMatch(g -> g.values() != null)) {
            List<KeyGroup> keyGroups = groups.stream()
                    .map(g -> new KeyGroup(g.members().get(0).table, List.copyOf(g.values()))).toList();
            String multi = groups.size() == 1 ? refusal : spreadRefusal != null ? spreadRefusal
                    : "the query router does not support joining sharded tables that are not joined on their shard "
                    + "keys, unless their keys pin them all to one shard";
            return routed(sql, verb, writes, Target.KEYED, table, keyGroups, multi, explicitParameters, merge);
        }
        if (groups.size() > 1) {
            List<String> names = groups.stream().map(g -> g.members().get(0).table).distinct().toList();
            throw new Refusal("joining sharded tables " + String.join(" and ", names)
                    + " other than on their shard keys");
        }
        return routed(sql, verb, writes, Target.ALL, table, List.of(), refusal, explicitParameters, merge);
    }

    private Plan.Routed insert(String sql, Insert insert, int explicitParameters) {
        String table = Sql.tableName(insert.getTable());
        TableKind kind = registry.kind(table);
        ShardScopes scopes = new ShardScopes(registry);
        scopes.getTables((Statement) insert);
        boolean readsDistributed = scopes.occurrences().stream().anyMatch(o -> !o.table.equals(table))
                || (insert.getSelect() != null && !(insert.getSelect() instanceof Values)
                && scopes.occurrences().size() > (kind == TableKind.REFERENCE ? 0 : 1));
        if (kind == TableKind.REFERENCE) {
            if (readsDistributed) {
                throw new Refusal("writing reference table " + table + " from distributed tables");
            }
            return routed(sql, Verb.INSERT, true, Target.BROADCAST, table, List.of(), null, explicitParameters, null);
        }
        if (readsDistributed) {
            throw new Refusal("INSERT ... SELECT into distributed table " + table + " from distributed tables");
        }
        if (kind == TableKind.SHARD_LOCAL) {
            return routed(sql, Verb.INSERT, true, Target.FOLLOW_TRANSACTION, table, List.of(), null,
                    explicitParameters, null);
        }
        String key = registry.keyColumn(table);
        if (!(insert.getSelect() instanceof Values values)) {
            throw new Refusal("INSERT ... SELECT into sharded table " + table + " (insert rows with VALUES)");
        }
        if (insert.getConflictAction() != null && insert.getConflictAction().getUpdateSets() != null) {
            checkKeyNotUpdated(table, key, insert.getConflictAction().getUpdateSets());
        }
        int keyIndex = keyIndex(table, key, insert.getColumns());
        if (keyIndex < 0) {
            // No such table (yet): let a shard answer with PostgreSQL's own error.
            return routed(sql, Verb.INSERT, true, Target.ANY, table, List.of(), null, explicitParameters, null);
        }
        List<ShardScopes.Group> subqueries = scopes.groups();
        if (subqueries.stream().anyMatch(g -> g.values() == null) || (!subqueries.isEmpty() && rows(values).size() > 1)) {
            throw new Refusal("a subquery over sharded tables in an INSERT into " + table
                    + " unless its shard key pins it to the row's shard");
        }
        List<ValueRef> rowKeys = new ArrayList<>();
        for (List<Expression> row : rows(values)) {
            if (keyIndex >= row.size()) {
                throw new Refusal("an INSERT into sharded table " + table + " without a value for its shard key "
                        + key);
            }
            ValueRef value = Sql.value(row.get(keyIndex));
            if (value == null) {
                throw new Refusal("an INSERT into sharded table " + table + " whose shard key " + key
                        + " is not a constant or parameter (" + row.get(keyIndex) + ")");
            }
            rowKeys.add(value);
        }
        List<KeyGroup> groups = new ArrayList<>();
        groups.add(new KeyGroup(table, rowKeys));
        subqueries.forEach(g -> groups.add(new KeyGroup(g.members().get(0).table, List.copyOf(g.values()))));
        return new Plan.Routed(sql, Verb.INSERT, true, Target.KEYED, table, List.copyOf(groups), List.copyOf(rowKeys),
                subqueries.isEmpty() ? null
                        : "the query router does not support an INSERT whose subqueries are pinned to another shard "
                        + "than the row", false, explicitParameters, List.of(), null, false);
    }

    private int keyIndex(String table, String key, ExpressionList<Column> columns) {
        if (columns != null && !columns.isEmpty()) {
            for (int i = 0; i < columns.size(); i++) {
                if (Sql.identifier(columns.get(i).getColumnName()).equals(key)) {
                    return i;
                }
            }
            throw new Refusal("an INSERT into sharded table " + table + " without its shard key column " + key);
        }
        List<TableRegistry.Column> catalog = registry.columns(table);
        for (int i = 0; i < catalog.size(); i++) {
            if (catalog.get(i).name().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    static List<List<Expression>> rows(Values values) {
        ExpressionList<?> expressions = values.getExpressions();
        List<List<Expression>> rows = new ArrayList<>();
        boolean multiRow = !expressions.isEmpty()
                && expressions.stream().allMatch(e -> e instanceof ParenthesedExpressionList<?>);
        if (multiRow) {
            for (Object row : expressions) {
                rows.add(new ArrayList<>((List<Expression>) (List<?>) row));
            }
        } else {
            rows.add(new ArrayList<>((List<Expression>) (List<?>) expressions));
        }
        return rows;
    }

    private Plan.Routed update(String sql, Update update, int explicitParameters) {
        String table = Sql.tableName(update.getTable());
        TableKind kind = registry.kind(table);
        ShardScopes scopes = new ShardScopes(registry);
        ShardScopes.Scope top = scopes.openTopScope();
        scopes.addTable(top, update.getTable(), true);
        if (update.getFromItem() instanceof Table from) {
            scopes.addTable(top, from, true);
        }
        addJoins(scopes, top, update.getJoins());
        scopes.getTables((Statement) update);
        scopes.constrain(top, update.getWhere(), update.getJoins());
        if (kind == TableKind.SHARDED) {
            checkKeyNotUpdated(table, registry.keyColumn(table), update.getUpdateSets());
        }
        return write(sql, Verb.UPDATE, table, kind, scopes, explicitParameters);
    }

    private Plan.Routed delete(String sql, Delete delete, int explicitParameters) {
        String table = Sql.tableName(delete.getTable());
        TableKind kind = registry.kind(table);
        ShardScopes scopes = new ShardScopes(registry);
        ShardScopes.Scope top = scopes.openTopScope();
        scopes.addTable(top, delete.getTable(), true);
        if (delete.getUsingList() != null) {
            delete.getUsingList().forEach(using -> scopes.addTable(top, using, true));
        }
        addJoins(scopes, top, delete.getJoins());
        scopes.getTables((Statement) delete);
        scopes.constrain(top, delete.getWhere(), delete.getJoins());
        return write(sql, Verb.DELETE, table, kind, scopes, explicitParameters);
    }

    private static void addJoins(ShardScopes scopes, ShardScopes.Scope top, List<Join> joins) {
        if (joins != null) {
            joins.stream().filter(j -> j.getFromItem() instanceof Table)
                    .forEach(j -> scopes.addTable(top, (Table) j.getFromItem(), true));
        }
    }

    private Plan.Routed write(String sql, Verb verb, String table, TableKind kind, ShardScopes scopes,
                              int explicitParameters) {
        boolean readsOthers = scopes.occurrences().stream().anyMatch(o -> !o.table.equals(table));
        switch (kind) {
            case REFERENCE -> {
                if (!scopes.occurrences().isEmpty()) {
                    throw new Refusal("writing reference table " + table + " from distributed tables");
                }
                return routed(sql, verb, true, Target.BROADCAST, table, List.of(), null, explicitParameters, null);
            }
            case SHARD_LOCAL -> {
                if (readsOthers || scopes.occurrences().size() > 1) {
                    throw new Refusal("writing shard-local table " + table + " from other distributed tables");
                }
                return routed(sql, verb, true, Target.TRANSACTION_SHARDS, table, List.of(), null, explicitParameters,
                        null);
            }
            default -> {
                if (!scopes.shardLocal().isEmpty()) {
                    throw new Refusal("writing sharded table " + table + " from shard-local tables");
                }
                return keyedOrAll(sql, verb, true, scopes.groups(), null, explicitParameters, null, null);
            }
        }
    }

    private static void checkKeyNotUpdated(String table, String key, List<UpdateSet> sets) {
        for (UpdateSet set : sets) {
            for (Column column : set.getColumns()) {
                if (Sql.identifier(column.getColumnName()).equals(key)) {
                    throw new Refusal("changing the shard key " + key + " of sharded table " + table
                            + " (delete the row and insert it again)");
                }
            }
        }
    }

    private static Plan.Routed routed(String sql, Verb verb, boolean writes, Target target, String table,
                                      List<KeyGroup> groups, String refusal, int explicitParameters, MergeSpec merge) {
        return new Plan.Routed(sql, verb, writes, target, table, groups, List.of(), refusal, false, explicitParameters,
                List.of(), merge, false);
    }
}
