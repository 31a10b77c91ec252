package dev.octet.router.planner;

import dev.octet.router.protocol.SqlState;
import dev.octet.router.sharding.TableRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sorts a statement by its leading keywords: transaction control, session commands, DDL and
 * utility commands are planned here from tokens alone; queries and data changes go on to the
 * {@link DmlAnalyzer}.
 */
final class StatementClassifier {

    private static final Set<String> DML = Set.of("select", "with", "insert", "update", "delete", "values", "table",
            "explain");
    private static final Set<String> DDL = Set.of("create", "alter", "drop", "truncate", "comment", "grant", "revoke",
            "security", "refresh", "import", "do", "lock", "reassign");
    private static final Set<String> MAINTENANCE = Set.of("vacuum", "analyze", "analyse", "checkpoint", "cluster",
            "reindex");

    private StatementClassifier() {
    }

    /** A plan for anything that is not a query or data change; null for those. */
    static Plan classify(String sql, List<SqlLexer.Token> tokens) {
        if (tokens.isEmpty()) {
            return new Plan.Empty(sql);
        }
        List<String> words = SqlLexer.leadingWords(tokens, 5);
        String first = words.isEmpty() ? "" : words.get(0);
        String second = words.size() > 1 ? words.get(1) : "";
        if (DML.contains(first) || first.isEmpty()) {
            return null;
        }
        switch (first) {
            case "begin", "start" -> {
                return new Plan.Transaction(sql, TransactionCommand.BEGIN, null);
            }
            case "commit", "end" -> {
                if (second.equals("prepared")) {
                    return refused(sql, "COMMIT PREPARED: two-phase commit is the router's own business");
                }
                if (words.contains("chain")) {
                    return refused(sql, "COMMIT AND CHAIN");
                }
                return new Plan.Transaction(sql, TransactionCommand.COMMIT, null);
            }
            case "rollback", "abort" -> {
                if (second.equals("prepared")) {
                    return refused(sql, "ROLLBACK PREPARED: two-phase commit is the router's own business");
                }
                if (second.equals("to") || (words.size() > 2 && words.get(2).equals("to"))) {
                    return new Plan.Transaction(sql, TransactionCommand.ROLLBACK_TO, lastIdentifier(tokens));
                }
                if (words.contains("chain")) {
                    return refused(sql, "ROLLBACK AND CHAIN");
                }
                return new Plan.Transaction(sql, TransactionCommand.ROLLBACK, null);
            }
            case "savepoint" -> {
                return new Plan.Transaction(sql, TransactionCommand.SAVEPOINT, lastIdentifier(tokens));
            }
            case "release" -> {
                return new Plan.Transaction(sql, TransactionCommand.RELEASE, lastIdentifier(tokens));
            }
            case "prepare" -> {
                return refused(sql, second.equals("transaction")
                        ? "PREPARE TRANSACTION: two-phase commit is the router's own business"
                        : "SQL-level PREPARE (use the extended query protocol)");
            }
            case "execute" -> {
                return refused(sql, "SQL-level EXECUTE (use the extended query protocol)");
            }
            case "deallocate" -> {
                String name = second.equals("prepare") ? (words.size() > 2 ? words.get(2) : lastIdentifier(tokens))
                        : lastIdentifier(tokens);
                return new Plan.Session(sql, SessionCommand.DEALLOCATE, "all".equals(name) ? null : name);
            }
            case "set" -> {
                return set(sql, tokens, words);
            }
            case "reset" -> {
                return second.equals("all") ? new Plan.Session(sql, SessionCommand.RESET_ALL, null)
                        : new Plan.Session(sql, SessionCommand.RESET, settingName(second, words, 1));
            }
            case "show" -> {
                return new Plan.Session(sql, SessionCommand.SHOW, second);
            }
            case "discard" -> {
                return second.equals("all") ? new Plan.Session(sql, SessionCommand.DISCARD_ALL, null)
                        : new Plan.Session(sql, SessionCommand.DISCARD_OTHER, second.toUpperCase(Locale.ROOT));
            }
            case "listen", "unlisten", "notify" -> {
                return refused(sql, first.toUpperCase(Locale.ROOT) + " (notifications do not span shards)");
            }
            case "declare", "fetch", "move", "close" -> {
                return refused(sql, "SQL cursors (" + first.toUpperCase(Locale.ROOT) + "); use the extended protocol's"
                        + " portals to fetch in batches");
            }
            case "call" -> {
                return refused(sql, "CALL");
            }
            case "copy" -> {
                return copy(sql, tokens);
            }
            default -> {
            }
        }
        if (MAINTENANCE.contains(first)) {
            return new Plan.Broadcast(sql, false, tagOf(words));
        }
        if (DDL.contains(first)) {
            return ddl(sql, tokens, words);
        }
        // Unknown to the router: one shard answers (most likely with PostgreSQL's own syntax error).
        return new Plan.Routed(sql, Verb.OTHER, false, Target.ANY, null, List.of(), List.of(), null, false, 0,
                List.of(), null, false);
    }

    private static Plan ddl(String sql, List<SqlLexer.Token> tokens, List<String> words) {
        String first = words.get(0);
        String second = words.size() > 1 ? words.get(1) : "";
        if ((first.equals("create") || first.equals("drop") || first.equals("alter"))
                && (second.equals("database") || second.equals("tablespace") || second.equals("role")
                || second.equals("user") || second.equals("system") || second.equals("subscription"))) {
            return refused(sql, first.toUpperCase(Locale.ROOT) + " " + second.toUpperCase(Locale.ROOT)
                    + " through the router (do it on each shard server)");
        }
        if (first.equals("create") && (second.equals("temp") || second.equals("temporary")
                || (second.equals("global") || second.equals("local")) && words.size() > 2
                && words.get(2).startsWith("temp"))) {
            return refused(sql, "temporary tables");
        }
        boolean concurrently = tokens.stream().anyMatch(t -> t.kind() == SqlLexer.Kind.WORD
                && t.value().equals("concurrently"));
        return new Plan.Broadcast(sql, !concurrently, tagOf(words));
    }

    private static Plan set(String sql, List<SqlLexer.Token> tokens, List<String> words) {
        String second = words.size() > 1 ? words.get(1) : "";
        switch (second) {
            case "local" -> {
                return new Plan.Session(sql, SessionCommand.SET_LOCAL, words.size() > 2 ? words.get(2) : "");
            }
            case "transaction", "constraints" -> {
                return new Plan.Transaction(sql, TransactionCommand.SET_TRANSACTION, null);
            }
            default -> {
            }
        }
        if (second.equals("session") && words.size() > 2) {
            String third = words.get(2);
            if (third.equals("authorization")) {
                return refused(sql, "SET SESSION AUTHORIZATION");
            }
            if (third.equals("characteristics")) {
                return new Plan.Session(sql, SessionCommand.SET, "session_characteristics");
            }
            return new Plan.Session(sql, SessionCommand.SET, settingName(third, words, 2));
        }
        if (tokens.size() < 2) {
            return new Plan.Routed(sql, Verb.OTHER, false, Target.ANY, null, List.of(), List.of(), null, false, 0,
                    List.of(), null, false);
        }
        return new Plan.Session(sql, SessionCommand.SET, settingName(second, words, 1));
    }

    /** The setting a SET/RESET names; "time zone" is timezone, a qualified name keeps its dot. */
    private static String settingName(String word, List<String> words, int at) {
        if (word.equals("time") && words.size() > at + 1 && words.get(at + 1).equals("zone")) {
            return "timezone";
        }
        return word;
    }

    private static Plan copy(String sql, List<SqlLexer.Token> tokens) {
        // COPY table [(columns)] FROM STDIN ...; COPY (query) TO ... is a query like any other.
        if (tokens.size() < 2 || tokens.get(1).kind() == SqlLexer.Kind.OPEN) {
            return refused(sql, "COPY (query) TO: run the query instead");
        }
        int i = 1;
        StringBuilder table = new StringBuilder(name(tokens.get(i)));
        while (i + 2 < tokens.size() && tokens.get(i + 1).kind() == SqlLexer.Kind.DOT) {
            table.append('.').append(name(tokens.get(i + 2)));
            i += 2;
        }
        i++;
        List<String> columns = new java.util.ArrayList<>();
        if (i < tokens.size() && tokens.get(i).kind() == SqlLexer.Kind.OPEN) {
            i++;
            while (i < tokens.size() && tokens.get(i).kind() != SqlLexer.Kind.CLOSE) {
                if (tokens.get(i).kind() == SqlLexer.Kind.WORD || tokens.get(i).kind() == SqlLexer.Kind.QUOTED_IDENTIFIER) {
                    columns.add(name(tokens.get(i)));
                }
                i++;
            }
            i++;
        }
        boolean fromStdin = i + 1 < tokens.size() && tokens.get(i).value().equals("from")
                && tokens.get(i + 1).value().equals("stdin");
        if (!fromStdin) {
            return refused(sql, "COPY other than COPY table FROM STDIN");
        }
        for (int j = i + 2; j < tokens.size(); j++) {
            String word = tokens.get(j).value();
            if (tokens.get(j).kind() == SqlLexer.Kind.WORD && (word.equals("csv") || word.equals("binary"))) {
                return refused(sql, "COPY FROM STDIN in " + word.toUpperCase(Locale.ROOT)
                        + " format (the router splits text format rows)");
            }
        }
        return new Plan.CopyIn(sql, TableRegistry.normalize(table.toString()), List.copyOf(columns));
    }

    private static String name(SqlLexer.Token token) {
        return token.kind() == SqlLexer.Kind.QUOTED_IDENTIFIER ? token.value() : token.value().toLowerCase(Locale.ROOT);
    }

    private static String lastIdentifier(List<SqlLexer.Token> tokens) {
        SqlLexer.Token last = tokens.get(tokens.size() - 1);
        if (last.kind() == SqlLexer.Kind.SEMICOLON && tokens.size() > 1) {
            last = tokens.get(tokens.size() - 2);
        }
        return name(last);
    }

    /** The command tag PostgreSQL answers with: "CREATE TABLE", "DROP INDEX", "VACUUM", ... */
    private static String tagOf(List<String> words) {
        String first = words.get(0).toUpperCase(Locale.ROOT);
        switch (first) {
            case "TRUNCATE" -> {
                return "TRUNCATE TABLE";
            }
            case "GRANT", "REVOKE", "VACUUM", "ANALYZE", "CHECKPOINT", "CLUSTER", "REINDEX", "DO", "COMMENT" -> {
                return first;
            }
            case "ANALYSE" -> {
                return "ANALYZE";
            }
            case "LOCK" -> {
                return "LOCK TABLE";
            }
            default -> {
            }
        }
        StringBuilder tag = new StringBuilder(first);
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            if (Set.of("unique", "or", "replace", "if", "not", "exists", "unlogged", "concurrently", "materialized")
                    .contains(word)) {
                if (word.equals("materialized")) {
                    tag.append(" MATERIALIZED");
                }
                continue;
            }
            tag.append(' ').append(word.toUpperCase(Locale.ROOT));
            break;
        }
        return tag.toString();
    }

    private static Plan refused(String sql, String what) {
        return new Plan.Refused(sql, SqlState.FEATURE_NOT_SUPPORTED, "the query router does not support " + what, false);
    }
}
