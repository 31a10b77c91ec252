package dev.octet.router.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A small PostgreSQL lexer: enough to split a query string into statements, to find a statement's
 * leading keywords, and to replace its literals by parameters so statements that differ only in
 * their constants share one cached plan (the full SQL parser is slow and stays off the hot path).
 */
public final class SqlLexer {

    public enum Kind { WORD, QUOTED_IDENTIFIER, STRING, NUMBER, PARAMETER, OPERATOR, OPEN, CLOSE, COMMA, SEMICOLON,
        DOT, OTHER }

    /**
     * One token. {@code value} is the lower-cased word, the identifier, the string's content, the
     * number's text or the parameter's number; {@code plain} marks a standard string literal that
     * may stand where a parameter could.
     */
    public record Token(Kind kind, int start, int end, String value, boolean plain) {
    }

    /**
     * True if {@code sql} locks rows with SKIP LOCKED: it asks for the rows it can have now, so rows
     * on a shard that cannot be reached may be skipped like locked ones.
     */
    public static boolean skipsLockedRows(String sql) {
        List<Token> tokens = tokens(sql);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).kind() == Kind.WORD && tokens.get(i).value().equals("skip")
                    && tokens.get(i + 1).kind() == Kind.WORD && tokens.get(i + 1).value().equals("locked")) {
                return true;
            }
        }
        return false;
    }

    /** A statement with its literals turned into parameters $n+1, $n+2, ... after its own $1..$n. */
    public record Parameterized(String sql, int explicitParameters, List<String> literals) {
    }

    private static final Set<String> VALUE_KEYWORDS = Set.of("select", "where", "and", "or", "not", "in", "like",
            "ilike", "then", "else", "when", "case", "values", "between", "limit", "offset", "having", "on", "set",
            "returning", "any", "all", "some", "is", "distinct", "from");

    private SqlLexer() {
    }

    public static List<Token> tokens(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                i = skipBlockComment(sql, i);
            } else if (c == '\'') {
                i = string(sql, i, i, false, true, tokens);
            } else if ((c == 'e' || c == 'E') && i + 1 < n && sql.charAt(i + 1) == '\'') {
                i = string(sql, i, i + 1, true, false, tokens);
            } else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && i + 1 < n
                    && sql.charAt(i + 1) == '\'') {
                i = string(sql, i, i + 1, false, false, tokens);
            } else if ((c == 'u' || c == 'U') && i + 2 < n && sql.charAt(i + 1) == '&' && sql.charAt(i + 2) == '\'') {
                i = string(sql, i, i + 2, false, false, tokens);
            } else if (c == '"') {
                int end = i + 1;
                StringBuilder name = new StringBuilder();
                while (end < n) {
                    if (sql.charAt(end) == '"') {
                        if (end + 1 < n && sql.charAt(end + 1) == '"') {
                            name.append('"');
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    name.append(sql.charAt(end++));
                }
                tokens.add(new Token(Kind.QUOTED_IDENTIFIER, i, Math.min(end + 1, n), name.toString(), false));
                i = Math.min(end + 1, n);
            } else if (c == '$' && i + 1 < n && Character.isDigit(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && Character.isDigit(sql.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Kind.PARAMETER, i, end, sql.substring(i + 1, end), false));
                i = end;
            } else if (c == '$') {
                i = dollarString(sql, i, tokens);
            } else if (Character.isLetter(c) || c == '_') {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
                tokens.add(new Token(Kind.WORD, i, end, sql.substring(i, end).toLowerCase(Locale.ROOT), false));
                i = end;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                i = number(sql, i, tokens);
            } else if (c == '(' || c == '[') {
                tokens.add(new Token(Kind.OPEN, i, i + 1, String.valueOf(c), false));
                i++;
            } else if (c == ')' || c == ']') {
                tokens.add(new Token(Kind.CLOSE, i, i + 1, String.valueOf(c), false));
                i++;
            } else if (c == ',') {
                tokens.add(new Token(Kind.COMMA, i, i + 1, ",", false));
                i++;
            } else if (c == ';') {
                tokens.add(new Token(Kind.SEMICOLON, i, i + 1, ";", false));
                i++;
            } else if (c == '.') {
                tokens.add(new Token(Kind.DOT, i, i + 1, ".", false));
                i++;
            } else if ("+-*/<>=~!@#%^&|`?:".indexOf(c) >= 0) {
                int end = i + 1;
                while (end < n && "+-*/<>=~!@#%^&|`?:".indexOf(sql.charAt(end)) >= 0
                        && !sql.startsWith("--", end) && !sql.startsWith("/*", end)) {
                    end++;
                }
                tokens.add(new Token(Kind.OPERATOR, i, end, sql.substring(i, end), false));
                i = end;
            } else {
                tokens.add(new Token(Kind.OTHER, i, i + 1, String.valueOf(c), false));
                i++;
            }
        }
        return tokens;
    }

    private static int skipBlockComment(String sql, int start) {
        int depth = 0;
        int i = start;
        while (i < sql.length()) {
            if (sql.startsWith("/*", i)) {
                depth++;
                i += 2;
            } else if (sql.startsWith("*/", i)) {
                depth--;
                i += 2;
                if (depth == 0) {
                    return i;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    private static int string(String sql, int start, int quote, boolean escapes, boolean plain, List<Token> tokens) {
        StringBuilder value = new StringBuilder();
        int i = quote + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (escapes && c == '\\' && i + 1 < n) {
                value.append(sql.charAt(i + 1));
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                    value.append('\'');
                    i += 2;
                } else {
                    i++;
                    break;
                }
            } else {
                value.append(c);
                i++;
            }
        }
        tokens.add(new Token(Kind.STRING, start, i, value.toString(), plain));
        return i;
    }

    private static int dollarString(String sql, int start, List<Token> tokens) {
        int tagEnd = start + 1;
        while (tagEnd < sql.length() && (Character.isLetterOrDigit(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
            tagEnd++;
        }
        if (tagEnd >= sql.length() || sql.charAt(tagEnd) != '$') {
            tokens.add(new Token(Kind.OTHER, start, start + 1, "$", false));
            return start + 1;
        }
        String tag = sql.substring(start, tagEnd + 1);
        int close = sql.indexOf(tag, tagEnd + 1);
        int end = close < 0 ? sql.length() : close + tag.length();
        String body = close < 0 ? sql.substring(tagEnd + 1) : sql.substring(tagEnd + 1, close);
        tokens.add(new Token(Kind.STRING, start, end, body, false));
        return end;
    }

    private static int number(String sql, int start, List<Token> tokens) {
        int i = start;
        int n = sql.length();
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.' || sql.charAt(i) == '_')) {
            if (sql.charAt(i) == '.' && i + 1 < n && sql.charAt(i + 1) == '.') {
                break;
            }
            i++;
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && Character.isDigit(sql.charAt(j))) {
                i = j;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        tokens.add(new Token(Kind.NUMBER, start, i, sql.substring(start, i), true));
        return i;
    }

    /** The statements of a query string, split at top-level semicolons; blank ones dropped. */
    public static List<String> splitStatements(String sql) {
        List<String> statements = new ArrayList<>();
        int from = 0;
        int depth = 0;
        for (Token token : tokens(sql)) {
            if (token.kind() == Kind.OPEN) {
                depth++;
            } else if (token.kind() == Kind.CLOSE) {
                depth--;
            } else if (token.kind() == Kind.SEMICOLON && depth == 0) {
                addStatement(statements, sql.substring(from, token.start()));
                from = token.end();
            }
        }
        addStatement(statements, sql.substring(from));
        return statements;
    }

    private static void addStatement(List<String> statements, String text) {
        if (!tokens(text).isEmpty()) {
            statements.add(text.strip());
        }
    }

    /** The first {@code count} words of a statement, lower case (fewer if it has fewer). */
    public static List<String> leadingWords(List<Token> tokens, int count) {
        List<String> words = new ArrayList<>(count);
        for (Token token : tokens) {
            if (words.size() == count) {
                break;
            }
            if (token.kind() != Kind.WORD) {
                break;
            }
            words.add(token.value());
        }
        return words;
    }

    /** Turns the literals of {@code sql} that may safely become parameters into parameters. */
    /** The shape of {@code sql}: its text with the literals lifted into parameters (what statistics group by). */
    public static String shape(String sql) {
        return parameterize(sql, tokens(sql)).sql();
    }

    public static Parameterized parameterize(String sql, List<Token> tokens) {
        int explicit = 0;
        for (Token token : tokens) {
            if (token.kind() == Kind.PARAMETER) {
                explicit = Math.max(explicit, Integer.parseInt(token.value()));
            }
        }
        StringBuilder out = new StringBuilder(sql.length() + 16);
        List<String> literals = new ArrayList<>();
        int copied = 0;
        Token previous = null;
        for (Token token : tokens) {
            if (token.plain() && mayBeParameter(token, previous)) {
                out.append(sql, copied, token.start());
                literals.add(token.value());
                out.append('$').append(explicit + literals.size());
                copied = token.end();
            }
            previous = token;
        }
        out.append(sql, copied, sql.length());
        return new Parameterized(out.toString(), explicit, List.copyOf(literals));
    }

    private static boolean mayBeParameter(Token token, Token previous) {
        if (previous == null) {
            return false;
        }
        return switch (previous.kind()) {
            case OPERATOR -> !previous.value().equals("::");
            case OPEN, COMMA -> true;
            case WORD -> VALUE_KEYWORDS.contains(previous.value()) && !(token.kind() == Kind.NUMBER
                    && previous.value().equals("by"));
            default -> false;
        };
    }
}
