package dev.octet.router.planner;

/**
 * Where a shard key value comes from: a bind parameter ($n), a literal in the SQL text, or NULL.
 * Parameters numbered above the statement's own come from literals the lexer lifted out.
 */
public record ValueRef(int parameter, String literal, boolean isNull) {

    public static ValueRef parameter(int index) {
        return new ValueRef(index, null, false);
    }

    public static ValueRef literal(String text) {
        return new ValueRef(0, text, false);
    }

    public static ValueRef nullValue() {
        return new ValueRef(0, null, true);
    }

    public boolean isParameter() {
        return parameter > 0;
    }
}
