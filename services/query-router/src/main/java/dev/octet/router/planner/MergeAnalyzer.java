package dev.octet.router.planner;

import dev.octet.router.planner.MergeSpec.ColumnRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AllValue;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.Limit;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * Works out how to run a SELECT on several shards and combine the answers: which columns to sort
 * on, how to merge groups and aggregates, and the statement each shard runs. What cannot be merged
 * exactly is refused with a message naming the construct.
 */
final class MergeAnalyzer {

    /** A construct the router cannot merge correctly across shards. */
    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message);
        }
    }

    private static final Set<String> MERGEABLE = Set.of("count", "sum", "min", "max", "avg");
    private static final Set<String> AGGREGATES = Set.of("count", "sum", "min", "max", "avg", "array_agg",
            "string_agg", "bool_and", "bool_or", "every", "bit_and", "bit_or", "bit_xor", "json_agg", "jsonb_agg",
            "json_object_agg", "jsonb_object_agg", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop",
            "var_samp", "percentile_cont", "percentile_disc", "mode", "corr", "covar_pop", "covar_samp", "regr_avgx",
            "regr_avgy", "regr_count", "regr_intercept", "regr_r2", "regr_slope", "regr_sxx", "regr_sxy", "regr_syy",
            "xmlagg", "range_agg", "range_intersect_agg", "any_value");

    private MergeAnalyzer() {
    }

    /**
     * @param select the top-level query block (it is modified into the shard statement)
     * @param shardKeyColumns the shard key column of each sharded table in the query's FROM list, by the
     *     name the query refers to it by (its alias, else its name)
     */
    static MergeSpec analyze(PlainSelect select, Map<String, String> shardKeyColumns) {
        if (select.getFetch() != null) {
            throw new Unsupported("FETCH FIRST across shards (use LIMIT)");
        }
        if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
            throw new Unsupported("DISTINCT ON across shards");
        }
        if (select.getWindowDefinitions() != null && !select.getWindowDefinitions().isEmpty()
                || containsWindow(select)) {
            throw new Unsupported("window functions across shards");
        }
        List<SelectItem<?>> items = new ArrayList<>(select.getSelectItems());
        List<SelectItem<?>> asWritten = List.copyOf(items);
        boolean star = items.stream().anyMatch(item -> item.getExpression() instanceof AllColumns);
        List<Expression> groupBy = new ArrayList<>();
        if (select.getGroupBy() != null) {
            for (Object expression : select.getGroupBy().getGroupByExpressionList()) {
                groupBy.add((Expression) expression);
            }
        }
        boolean groupedOnShard = groupBy.stream().anyMatch(e -> isShardKey(e, shardKeyColumns));
        boolean aggregates = items.stream().anyMatch(item -> containsAggregate(item.getExpression()))
                || select.getHaving() != null;
        boolean mergeGroups = !groupedOnShard && (!groupBy.isEmpty() || aggregates);
        boolean distinct = select.getDistinct() != null;

        List<ColumnRole> roles = new ArrayList<>();
        List<Integer> avgCountHidden = new ArrayList<>();
        List<SelectItem<?>> hidden = new ArrayList<>();
        List<ColumnRole> hiddenRoles = new ArrayList<>();
        int visible = items.size();
        if (mergeGroups) {
            if (select.getHaving() != null) {
                throw new Unsupported("HAVING across shards (group by the shard key, or filter with WHERE)");
            }
            if (star) {
                throw new Unsupported("SELECT * with GROUP BY or aggregates across shards");
            }
            for (int i = 0; i < items.size(); i++) {
                SelectItem<?> item = items.get(i);
                ColumnRole role = roleOf(item.getExpression(), groupBy, shardKeyColumns);
                if (role == ColumnRole.AVG_SUM) {
                    Function avg = (Function) Sql.unwrap(item.getExpression());
                    String name = item.getAlias() != null ? Sql.identifier(item.getAlias().getName()) : "avg";
                    items.set(i, SelectItem.from(rename(avg, "sum"), new Alias(quote(name))));
                    avgCountHidden.add(hidden.size());
                    hidden.add(SelectItem.from(rename(avg, "count"), new Alias(hiddenName(hidden.size()))));
                    hiddenRoles.add(ColumnRole.AVG_COUNT);
                } else {
                    avgCountHidden.add(-1);
                }
                roles.add(role);
            }
            for (Expression group : groupBy) {
                if (group instanceof LongValue position) {
                    int index = (int) position.getValue() - 1;
                    if (index >= 0 && index < roles.size()) {
                        roles.set(index, ColumnRole.GROUP_KEY);
                    }
                    continue;
                }
                int found = findItem(items, group);
                if (found >= 0) {
                    roles.set(found, ColumnRole.GROUP_KEY);
                } else {
                    hidden.add(SelectItem.from(group, new Alias(hiddenName(hidden.size()))));
                    hiddenRoles.add(ColumnRole.GROUP_KEY);
                }
            }
        }

        List<MergeSpec.SortKey> sortKeys = new ArrayList<>();
        if (select.getOrderByElements() != null) {
            for (OrderByElement order : select.getOrderByElements()) {
                Expression expression = order.getExpression();
                int column = resolveOrderColumn(expression, items, asWritten, star);
                if (column == Integer.MIN_VALUE) {
                    if (distinct) {
                        throw new Unsupported("SELECT DISTINCT ordered by an expression that is not selected");
                    }
                    ColumnRole role = mergeGroups ? roleOf(expression, groupBy, shardKeyColumns) : ColumnRole.ANY_VALUE;
                    if (role == ColumnRole.AVG_SUM) {
                        throw new Unsupported("ORDER BY avg(...) that is not selected, across shards");
                    }
                    column = -1 - hidden.size();
                    hidden.add(SelectItem.from(expression, new Alias(hiddenName(hidden.size()))));
                    hiddenRoles.add(role);
                }
                boolean descending = !order.isAsc();
                boolean nullsFirst = order.getNullOrdering() == null ? descending
                        : order.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
                sortKeys.add(new MergeSpec.SortKey(column, descending, nullsFirst));
            }
        }

        Limit originalLimit = select.getLimit();
        Expression offsetExpression = originalLimit != null && originalLimit.getOffset() != null
                ? originalLimit.getOffset() : select.getOffset() != null ? select.getOffset().getOffset() : null;
        ValueRef limit = originalLimit == null ? null : limitValue(originalLimit.getRowCount());
        ValueRef offset = offsetExpression == null ? null : limitValue(offsetExpression);
        // Each shard sends what the merged answer may need: all groups, or the first LIMIT + OFFSET rows.
        select.setOffset(null);
        if (mergeGroups || limit == null) {
            select.setLimit(null);
        } else {
            Limit pushed = new Limit();
            pushed.setRowCount(pushedLimit(originalLimit.getRowCount(), offsetExpression, offset));
            select.setLimit(pushed);
        }
        if (!hidden.isEmpty() || mergeGroups) {
            List<SelectItem<?>> all = new ArrayList<>(items);
            all.addAll(hidden);
            select.setSelectItems(all);
        }
        MergeSpec.Aggregation aggregation = null;
        if (mergeGroups) {
            List<ColumnRole> allRoles = new ArrayList<>(roles);
            allRoles.addAll(hiddenRoles);
            List<Integer> avgCountColumn = new ArrayList<>();
            for (int i = 0; i < allRoles.size(); i++) {
                int hiddenIndex = i < visible ? avgCountHidden.get(i) : -1;
                avgCountColumn.add(hiddenIndex < 0 ? -1 : visible + hiddenIndex);
            }
            aggregation = new MergeSpec.Aggregation(List.copyOf(allRoles), List.copyOf(avgCountColumn));
        }
        return new MergeSpec(select.toString(), star ? -1 : visible, hidden.size(), List.copyOf(sortKeys), limit, offset,
                distinct, aggregation);
    }

    private static Expression pushedLimit(Expression rowCount, Expression offsetExpression, ValueRef offset) {
        if (offset == null) {
            return rowCount;
        }
        if (rowCount instanceof LongValue count && offsetExpression instanceof LongValue skip) {
            return new LongValue(count.getValue() + skip.getValue());
        }
        try {
            return CCJSqlParserUtil.parseExpression("(" + rowCount + ")::bigint + (" + offsetExpression + ")::bigint");
        } catch (JSQLParserException e) {
            throw new Unsupported("this LIMIT and OFFSET across shards");
        }
    }

    private static ValueRef limitValue(Expression expression) {
        if (expression == null || expression instanceof AllValue || expression instanceof NullValue) {
            return null;
        }
        ValueRef value = Sql.value(expression);
        if (value == null || value.isNull()) {
            throw new Unsupported("a LIMIT or OFFSET that is not a constant or parameter, across shards");
        }
        return value;
    }

    private static ColumnRole roleOf(Expression expression, List<Expression> groupBy, Map<String, String> shardKeyColumns) {
        Expression e = Sql.unwrap(expression);
        if (e instanceof Function function && function.getName() != null
                && AGGREGATES.contains(function.getName().toLowerCase(Locale.ROOT))) {
            String name = function.getName().toLowerCase(Locale.ROOT);
            if (!MERGEABLE.contains(name)) {
                throw new Unsupported("the aggregate " + name + "() across shards");
            }
            if (function.isDistinct()) {
                ExpressionList<?> parameters = function.getParameters();
                boolean ofKey = name.equals("count") && parameters != null && parameters.size() == 1
                        && isShardKey((Expression) parameters.get(0), shardKeyColumns);
                if (!ofKey) {
                    throw new Unsupported(name + "(DISTINCT ...) across shards (only count(DISTINCT shard_key) adds up)");
                }
            }
            if (function.getOrderByElements() != null) {
                throw new Unsupported("an aggregate with ORDER BY across shards");
            }
            return switch (name) {
                case "count" -> ColumnRole.COUNT;
                case "sum" -> ColumnRole.SUM;
                case "min" -> ColumnRole.MIN;
                case "max" -> ColumnRole.MAX;
                default -> ColumnRole.AVG_SUM;
            };
        }
        if (containsAggregate(e)) {
            throw new Unsupported("an aggregate inside an expression (" + expression + ") across shards");
        }
        for (Expression group : groupBy) {
            if (sameExpression(group, e)) {
                return ColumnRole.GROUP_KEY;
            }
        }
        return ColumnRole.ANY_VALUE;
    }

    private static Function rename(Function function, String name) {
        Function renamed = new Function();
        renamed.setName(name);
        renamed.setParameters(function.getParameters());
        renamed.setDistinct(function.isDistinct());
        return renamed;
    }

    private static String hiddenName(int index) {
        return "octet_merge_" + index;
    }

    private static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static int findItem(List<SelectItem<?>> items, Expression expression) {
        for (int i = 0; i < items.size(); i++) {
            if (sameExpression(items.get(i).getExpression(), expression)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The selected column an ORDER BY expression names: by position, by output name (the shard
     * statement's, where an average carries its own), or as an expression of the select list as written
     * (before averages became sums). Integer.MIN_VALUE when none matches.
     */
    private static int resolveOrderColumn(Expression expression, List<SelectItem<?>> items,
                                          List<SelectItem<?>> asWritten, boolean star) {
        Expression e = Sql.unwrap(expression);
        if (e instanceof LongValue position) {
            return (int) position.getValue() - 1;
        }
        if (e instanceof Column column && (column.getTable() == null || column.getTable().getName() == null)) {
            String name = Sql.identifier(column.getColumnName());
            for (int i = 0; i < items.size(); i++) {
                Alias alias = items.get(i).getAlias();
                if (alias != null && Sql.identifier(alias.getName()).equals(name)) {
                    return i;
                }
            }
        }
        if (star) {
            return Integer.MIN_VALUE;
        }
        int found = findItem(asWritten, e);
        return found >= 0 ? found : Integer.MIN_VALUE;
    }

    private static boolean sameExpression(Expression a, Expression b) {
        Expression x = Sql.unwrap(a);
        Expression y = Sql.unwrap(b);
        if (x instanceof Column cx && y instanceof Column cy) {
            if (!Sql.identifier(cx.getColumnName()).equals(Sql.identifier(cy.getColumnName()))) {
                return false;
            }
            String tx = cx.getTable() == null ? null : cx.getTable().getName();
            String ty = cy.getTable() == null ? null : cy.getTable().getName();
            return tx == null || ty == null || Sql.identifier(tx).equals(Sql.identifier(ty));
        }
        return x.toString().equalsIgnoreCase(y.toString());
    }

    /**
     * Whether the expression is the shard key of a table in the FROM list: a qualified column is the key
     * of the table it names; an unqualified one resolves, as in PostgreSQL, to the one table that has
     * it, so a key's name is enough (were another table to have it too, PostgreSQL refuses the
     * ambiguity). A column of one table named like another table's key is not a key.
     */
    private static boolean isShardKey(Expression expression, Map<String, String> shardKeyColumns) {
        if (!(Sql.unwrap(expression) instanceof Column column)) {
            return false;
        }
        String name = Sql.identifier(column.getColumnName());
        Table table = column.getTable();
        if (table == null || table.getName() == null) {
            return shardKeyColumns.containsValue(name);
        }
        return name.equals(shardKeyColumns.get(Sql.identifier(table.getName())));
    }

    static boolean containsAggregate(Expression expression) {
        boolean[] found = {false};
        expression.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Function function, S context) {
                if (function.getName() != null && AGGREGATES.contains(function.getName().toLowerCase(Locale.ROOT))) {
                    found[0] = true;
                }
                return super.visit(function, context);
            }

            @Override
            public <S> Void visit(AnalyticExpression analytic, S context) {
                return null;
            }

            @Override
            public <S> Void visit(ParenthesedSelect subquery, S context) {
                return null;
            }
        }, null);
        return found[0];
    }

    private static boolean containsWindow(PlainSelect select) {
        boolean[] found = {false};
        ExpressionVisitorAdapter<Void> finder = new ExpressionVisitorAdapter<>() {
            @Override
            public <S> Void visit(AnalyticExpression analytic, S context) {
                found[0] = true;
                return null;
            }

            @Override
            public <S> Void visit(ParenthesedSelect subquery, S context) {
                return null;
            }
        };
        select.getSelectItems().forEach(item -> item.getExpression().accept(finder, null));
        if (select.getOrderByElements() != null) {
            select.getOrderByElements().forEach(order -> order.getExpression().accept(finder, null));
        }
        return found[0];
    }
}
