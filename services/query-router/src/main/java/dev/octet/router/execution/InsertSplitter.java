package dev.octet.router.execution;

import dev.octet.router.protocol.PgException;
import dev.octet.router.protocol.SqlState;
import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Values;

/**
 * Writes, for one shard, a multi-row INSERT that keeps only that shard's rows. Parameters keep their
 * numbers; the caller sends NULL for those the shard's statement no longer uses.
 */
final class InsertSplitter {

    private final String sql;
    private final List<ExpressionList<?>> rows;

    private InsertSplitter(String sql, List<ExpressionList<?>> rows) {
        this.sql = sql;
        this.rows = rows;
    }

    static InsertSplitter of(String sql) {
        try {
            Insert insert = (Insert) CCJSqlParserUtil.parse(sql);
            List<ExpressionList<?>> rows = new ArrayList<>();
            for (Object row : insert.getValues().getExpressions()) {
                rows.add((ExpressionList<?>) row);
            }
            return new InsertSplitter(sql, rows);
        } catch (JSQLParserException | ClassCastException e) {
            throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "the query router cannot split this INSERT by shard");
        }
    }

    String sqlFor(List<Integer> rowNumbers) {
        try {
            Insert insert = (Insert) CCJSqlParserUtil.parse(sql);
            Values values = insert.getValues();
            ExpressionList<Expression> kept = new ExpressionList<>();
            for (int row : rowNumbers) {
                kept.add(new ParenthesedExpressionList<>(castRow(rows.get(row))));
            }
            values.setExpressions(kept);
            return insert.toString();
        } catch (JSQLParserException e) {
            throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "the query router cannot split this INSERT by shard");
        }
    }

    @SuppressWarnings("unchecked")
    private static ExpressionList<Expression> castRow(ExpressionList<?> row) {
        return (ExpressionList<Expression>) row;
    }
}
