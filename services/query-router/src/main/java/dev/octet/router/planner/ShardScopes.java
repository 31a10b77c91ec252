package dev.octet.router.planner;

import dev.octet.router.sharding.TableKind;
import dev.octet.router.sharding.TableRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Walks a statement, query block by query block (subqueries nest as scopes), and finds every
 * reference to a distributed table, which references are joined on their shard keys (so their rows
 * live together), and which key values pin them.
 */
final class ShardScopes extends TablesNamesFinder<Void> {

    /** A query block: its table references by the name they are referred to by. */
    static final class Scope {
        final Scope parent;
        final Map<String, Occurrence> byName = new LinkedHashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }
    }

    /** One reference to a distributed table. */
    static final class Occurrence {
        final String table;
        final TableKind kind;
        final String keyColumn;
        final Scope scope;
        final boolean topLevel;
        Occurrence parent = this;
        final List<List<ValueRef>> valueLists = new ArrayList<>();

        Occurrence(String table, TableKind kind, String keyColumn, Scope scope, boolean topLevel) {
            this.table = table;
            this.kind = kind;
            this.keyColumn = keyColumn;
            this.scope = scope;
            this.topLevel = topLevel;
        }

        Occurrence root() {
            Occurrence current = this;
            while (current.parent != current) {
                current = current.parent;
            }
            return current;
        }
    }

    /** Occurrences joined on their keys, with the narrowest key value list found for any of them. */
    record Group(List<Occurrence> members, List<ValueRef> values) {
        boolean hasTopLevelMember() {
            return members.stream().anyMatch(m -> m.topLevel);
        }
    }

    private final TableRegistry registry;
    private final Deque<Scope> stack = new ArrayDeque<>();
    private final List<Occurrence> occurrences = new ArrayList<>();
    private Scope topScope;
    private boolean topSeen;

    ShardScopes(TableRegistry registry) {
        this.registry = registry;
        init(false);
    }

    /** Opens the statement's top scope for UPDATE/DELETE targets; SELECT opens its own. */
    Scope openTopScope() {
        topScope = new Scope(null);
        topSeen = true;
        stack.push(topScope);
        return topScope;
    }

    void addTable(Scope scope, Table table, boolean topLevel) {
        String name = Sql.tableName(table);
        TableKind kind = registry.kind(name);
        if (kind == TableKind.REFERENCE) {
            return;
        }
        Occurrence occurrence = new Occurrence(name, kind, registry.keyColumn(name), scope, topLevel);
        scope.byName.put(Sql.referenceName(table), occurrence);
        occurrences.add(occurrence);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        boolean topLevel = !topSeen;
        topSeen = true;
        Scope scope = topLevel && topScope == null ? (topScope = new Scope(null)) : new Scope(stack.peek());
        addFromItem(scope, select.getFromItem(), topLevel);
        if (select.getJoins() != null) {
            select.getJoins().forEach(join -> addFromItem(scope, join.getFromItem(), topLevel));
        }
        stack.push(scope);
        try {
            super.visit(select, context);
        } finally {
            stack.pop();
        }
        constrain(scope, select.getWhere(), select.getJoins());
        return null;
    }

    private void addFromItem(Scope scope, FromItem item, boolean topLevel) {
        if (item instanceof Table table) {
            addTable(scope, table, topLevel);
        }
    }

    /** Records key equalities and key values of a WHERE clause and of JOIN conditions. */
    void constrain(Scope scope, Expression where, List<Join> joins) {
        for (Expression conjunct : Sql.conjuncts(where)) {
            constrain(scope, conjunct, true);
        }
        if (joins == null) {
            return;
        }
        for (Join join : joins) {
            boolean inner = !join.isLeft() && !join.isRight() && !join.isFull() && !join.isOuter();
            if (join.getOnExpressions() != null) {
                for (Expression on : join.getOnExpressions()) {
                    for (Expression conjunct : Sql.conjuncts(on)) {
                        constrain(scope, conjunct, inner);
                    }
                }
            }
            if (join.getUsingColumns() != null && join.getFromItem() instanceof Table right) {
                Occurrence rightOccurrence = scope.byName.get(Sql.referenceName(right));
                for (Column column : join.getUsingColumns()) {
                    String name = Sql.identifier(column.getColumnName());
                    if (rightOccurrence != null && name.equals(rightOccurrence.keyColumn)) {
                        scope.byName.values().stream()
                                .filter(o -> o != rightOccurrence && name.equals(o.keyColumn))
                                .forEach(o -> union(o, rightOccurrence));
                    }
                }
            }
        }
    }

    private void constrain(Scope scope, Expression conjunct, boolean valuesCount) {
        if (conjunct instanceof EqualsTo equals && Sql.unwrap(equals.getLeftExpression()) instanceof ExpressionList<?> left
                && Sql.unwrap(equals.getRightExpression()) instanceof ExpressionList<?> right
                && left.size() == right.size()) {
            // (a, b) = ($1, $2): a row comparison is an equality per column.
            for (int i = 0; i < left.size(); i++) {
                EqualsTo pair = new EqualsTo((Expression) left.get(i), (Expression) right.get(i));
                constrain(scope, pair, valuesCount);
            }
            return;
        }
        if (valuesCount && conjunct instanceof InExpression in && !in.isNot()
                && Sql.unwrap(in.getLeftExpression()) instanceof ExpressionList<?> columns
                && in.getRightExpression() instanceof ExpressionList<?> rows) {
            // (a, b) IN (($1, $2), ($3, $4)): the key column's values, row by row.
            for (int i = 0; i < columns.size(); i++) {
                Occurrence key = keyOf(scope, (Expression) columns.get(i));
                if (key == null) {
                    continue;
                }
                List<ValueRef> values = new ArrayList<>();
                for (Object row : rows) {
                    if (!(Sql.unwrap((Expression) row) instanceof ExpressionList<?> tuple) || tuple.size() != columns.size()) {
                        return;
                    }
                    ValueRef value = Sql.value((Expression) tuple.get(i));
                    if (value == null) {
                        return;
                    }
                    values.add(value);
                }
                key.valueLists.add(values);
            }
            return;
        }
        if (conjunct instanceof EqualsTo equals) {
            Occurrence left = keyOf(scope, equals.getLeftExpression());
            Occurrence right = keyOf(scope, equals.getRightExpression());
            if (left != null && right != null) {
                union(left, right);
            } else if (valuesCount && left != null) {
                addValue(left, Sql.value(equals.getRightExpression()));
            } else if (valuesCount && right != null) {
                addValue(right, Sql.value(equals.getLeftExpression()));
            }
        } else if (valuesCount && conjunct instanceof InExpression in && !in.isNot()
                && in.getRightExpression() instanceof ExpressionList<?> list) {
            Occurrence key = keyOf(scope, in.getLeftExpression());
            if (key == null || list.isEmpty()) {
                return;
            }
            List<ValueRef> values = new ArrayList<>();
            for (Object item : list) {
                ValueRef value = Sql.value((Expression) item);
                if (value == null) {
                    return;
                }
                values.add(value);
            }
            key.valueLists.add(values);
        }
    }

    private static void addValue(Occurrence occurrence, ValueRef value) {
        if (value != null) {
            occurrence.valueLists.add(List.of(value));
        }
    }

    /** The sharded table reference whose key column this expression is, or null. */
    private Occurrence keyOf(Scope scope, Expression expression) {
        Expression e = Sql.unwrap(expression);
        while (e instanceof net.sf.jsqlparser.expression.CastExpression cast) {
            e = Sql.unwrap(cast.getLeftExpression());
        }
        if (!(e instanceof Column column)) {
            return null;
        }
        String name = Sql.identifier(column.getColumnName());
        Table qualifier = column.getTable();
        if (qualifier != null && qualifier.getName() != null) {
            String reference = Sql.identifier(qualifier.getName());
            for (Scope s = scope; s != null; s = s.parent) {
                Occurrence found = s.byName.get(reference);
                if (found != null) {
                    return found.kind == TableKind.SHARDED && name.equals(found.keyColumn) ? found : null;
                }
                if (s.byName.isEmpty() && s.parent == null) {
                    break;
                }
            }
            return null;
        }
        for (Scope s = scope; s != null; s = s.parent) {
            List<Occurrence> candidates = s.byName.values().stream()
                    .filter(o -> o.kind == TableKind.SHARDED && name.equals(o.keyColumn)).toList();
            if (candidates.size() == 1) {
                return candidates.get(0);
            }
            if (candidates.size() > 1) {
                return null;
            }
        }
        return null;
    }

    private static void union(Occurrence a, Occurrence b) {
        Occurrence rootA = a.root();
        Occurrence rootB = b.root();
        if (rootA != rootB) {
            rootB.parent = rootA;
        }
    }

    List<Occurrence> occurrences() {
        return occurrences;
    }

    List<Occurrence> sharded() {
        return occurrences.stream().filter(o -> o.kind == TableKind.SHARDED).toList();
    }

    List<Occurrence> shardLocal() {
        return occurrences.stream().filter(o -> o.kind == TableKind.SHARD_LOCAL).toList();
    }

    /** The co-located groups of sharded references. */
    List<Group> groups() {
        Map<Occurrence, List<Occurrence>> byRoot = new LinkedHashMap<>();
        for (Occurrence occurrence : sharded()) {
            byRoot.computeIfAbsent(occurrence.root(), r -> new ArrayList<>()).add(occurrence);
        }
        List<Group> groups = new ArrayList<>();
        for (List<Occurrence> members : byRoot.values()) {
            List<ValueRef> narrowest = null;
            for (Occurrence member : members) {
                for (List<ValueRef> values : member.valueLists) {
                    if (narrowest == null || values.size() < narrowest.size()) {
                        narrowest = values;
                    }
                }
            }
            groups.add(new Group(members, narrowest));
        }
        return groups;
    }

    Map<String, Occurrence> topLevelByName() {
        return topScope == null ? new HashMap<>() : topScope.byName;
    }
}
