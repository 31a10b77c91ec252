package dev.octet.router.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Table;

/** Small helpers over JSqlParser's syntax tree. */
final class Sql {

    private Sql() {
    }

    /** An identifier as PostgreSQL folds it: quoted keeps its case, unquoted is lower-cased. */
    static String identifier(String name) {
        if (name == null) {
            return null;
        }
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** A table's registry name: schema-qualified unless in public. */
    static String tableName(Table table) {
        String name = identifier(table.getName());
        String schema = identifier(table.getSchemaName());
        return schema == null || schema.equals("public") ? name : schema + "." + name;
    }

    /** The name a table is referred to by in its query: its alias, else its own name. */
    static String referenceName(Table table) {
        return table.getAlias() != null ? identifier(table.getAlias().getName()) : identifier(table.getName());
    }

    /** The conjuncts of an AND chain (parentheses around a single expression unwrapped). */
    static List<Expression> conjuncts(Expression expression) {
        List<Expression> result = new ArrayList<>();
        addConjuncts(expression, result);
        return result;
    }

    private static void addConjuncts(Expression expression, List<Expression> result) {
        Expression unwrapped = unwrap(expression);
        if (unwrapped == null) {
            return;
        }
        if (unwrapped instanceof AndExpression and) {
            addConjuncts(and.getLeftExpression(), result);
            addConjuncts(and.getRightExpression(), result);
        } else {
            result.add(unwrapped);
        }
    }

    static Expression unwrap(Expression expression) {
        Expression current = expression;
        while (current instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
            current = (Expression) list.get(0);
        }
        return current;
    }

    /** A constant or parameter usable as a shard key value, or null for anything else. */
    static ValueRef value(Expression expression) {
        Expression e = unwrap(expression);
        while (e instanceof CastExpression cast) {
            e = unwrap(cast.getLeftExpression());
        }
        if (e instanceof JdbcParameter parameter && parameter.getIndex() != null && parameter.isUseFixedIndex()) {
            return ValueRef.parameter(parameter.getIndex());
        }
        if (e instanceof StringValue string && (string.getPrefix() == null || string.getPrefix().isEmpty())) {
            return ValueRef.literal(string.getValue().replace("''", "'"));
        }
        if (e instanceof LongValue number) {
            return ValueRef.literal(number.getStringValue());
        }
        if (e instanceof SignedExpression signed && signed.getSign() == '-' && unwrap(signed.getExpression())
                instanceof LongValue number) {
            return ValueRef.literal("-" + number.getStringValue());
        }
        if (e instanceof NullValue) {
            return ValueRef.nullValue();
        }
        return null;
    }
}
