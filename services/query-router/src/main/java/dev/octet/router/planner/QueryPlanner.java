package dev.octet.router.planner;

import dev.octet.router.backend.WouldBlock;
import dev.octet.router.protocol.SqlState;
import dev.octet.router.sharding.TableRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import org.jboss.logging.Logger;

/**
 * Turns SQL text into {@link Plan}s, with two caches so the (slow) SQL parser runs once per
 * statement shape: plans by exact text, and routing plans by the text with its literals lifted
 * into parameters, which serve every statement that differs only in its constants.
 */
public final class QueryPlanner {

    private static final Logger LOG = Logger.getLogger(QueryPlanner.class);
    private static final int MAX_CACHED = 20_000;
    private static final Set<String> DML_WORDS = Set.of("select", "with", "insert", "update", "delete", "values",
            "table");

    private final TableRegistry registry;
    private final DmlAnalyzer dml;
    private final Map<String, Plan> exactPlans = new ConcurrentHashMap<>();
    private final Map<String, Plan.Routed> shapePlans = new ConcurrentHashMap<>();

    public QueryPlanner(TableRegistry registry) {
        this.registry = registry;
        this.dml = new DmlAnalyzer(registry);
    }

    /** A statement's plan, with its shape (the text with literals as parameters) when planning worked it out. */
    public record Planned(Plan plan, String shape) {
    }

    /** The plan for one statement. */
    public Plan plan(String sql) {
        return planWithShape(sql).plan();
    }

    /** The plan for one statement and, when it was computed on the way, its shape (else null). */
    public Planned planWithShape(String sql) {
        Plan cached = exactPlans.get(sql);
        if (cached != null) {
            return new Planned(cached, null);
        }
        List<SqlLexer.Token> tokens = SqlLexer.tokens(sql);
        Plan classified = StatementClassifier.classify(sql, tokens);
        if (classified != null) {
            return new Planned(remember(exactPlans, sql, classified), null);
        }
        if (tokens.get(0).value().equals("explain")) {
            return new Planned(remember(exactPlans, sql, explain(sql, tokens)), null);
        }
        SqlLexer.Parameterized shape = SqlLexer.parameterize(sql, tokens);
        if (!shape.literals().isEmpty()) {
            Plan.Routed routing = shapePlans.get(shape.sql());
            if (routing == null) {
                routing = analyzeShape(shape, tokens);
            }
            if (routing != null) {
                return new Planned(routing.withLiterals(sql, shape.literals()), shape.sql());
            }
        }
        return new Planned(planExact(sql), shape.sql());
    }

    /** The plan of exactly this text, with its merge plan: for statements that turn out to span shards. */
    public Plan planExact(String sql) {
        Plan cached = exactPlans.get(sql);
        if (cached instanceof Plan.Routed routed && !routed.fromShape()) {
            return routed;
        }
        if (cached != null && !(cached instanceof Plan.Routed)) {
            return cached;
        }
        List<SqlLexer.Token> tokens = SqlLexer.tokens(sql);
        return remember(exactPlans, sql, analyzeExact(sql, tokens));
    }

    /** Forgets everything learned from the catalog, after DDL. */
    public void invalidate() {
        exactPlans.clear();
        shapePlans.clear();
        registry.invalidate();
    }

    private Plan.Routed analyzeShape(SqlLexer.Parameterized shape, List<SqlLexer.Token> tokens) {
        try {
            Statement statement = CCJSqlParserUtil.parse(shape.sql());
            Plan.Routed routing = dml.analyze(shape.sql(), statement, tokens, false, shape.explicitParameters());
            remember(shapePlans, shape.sql(), routing);
            return routing;
        } catch (JSQLParserException | RuntimeException e) {
            return null;
        }
    }

    private Plan analyzeExact(String sql, List<SqlLexer.Token> tokens) {
        Statement statement;
        try {
            statement = CCJSqlParserUtil.parse(sql);
        } catch (JSQLParserException e) {
            return unparsed(sql, tokens, e);
        }
        try {
            int highest = tokens.stream().filter(t -> t.kind() == SqlLexer.Kind.PARAMETER)
                    .mapToInt(t -> Integer.parseInt(t.value())).max().orElse(0);
            return dml.analyze(sql, statement, tokens, true, highest);
        } catch (DmlAnalyzer.Refusal e) {
            return new Plan.Refused(sql, e.sqlState(), e.getMessage(), false);
        } catch (WouldBlock e) {
            throw e;
        } catch (RuntimeException e) {
            // A statement the analysis itself fails on is refused, as an error of that statement: the
            // session goes on.
            LOG.warnf(e, "Could not analyse a statement: %s", sql);
            return new Plan.Refused(sql, SqlState.FEATURE_NOT_SUPPORTED,
                    "the query router could not analyse this statement (" + e + ")", false);
        }
    }

    /**
     * A statement the SQL parser does not understand: fine if it touches no distributed table (it
     * then goes to one shard, or to all for a write); refused otherwise, after a shard has had the
     * chance to report a plain syntax error.
     */
    private Plan unparsed(String sql, List<SqlLexer.Token> tokens, JSQLParserException e) {
        String distributed = tokens.stream()
                .filter(t -> t.kind() == SqlLexer.Kind.WORD || t.kind() == SqlLexer.Kind.QUOTED_IDENTIFIER)
                .map(SqlLexer.Token::value).filter(registry::isDistributed).findFirst().orElse(null);
        if (distributed != null) {
            String reason = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            return new Plan.Refused(sql, SqlState.FEATURE_NOT_SUPPORTED, "the query router cannot analyze this "
                    + "statement over distributed table " + distributed + " (" + reason + ")", true);
        }
        boolean writes = tokens.stream().anyMatch(t -> t.kind() == SqlLexer.Kind.WORD
                && (t.value().equals("insert") || t.value().equals("update") || t.value().equals("delete")));
        Verb verb = tokens.get(0).value().equals("select") ? Verb.SELECT : Verb.OTHER;
        return new Plan.Routed(sql, verb, writes, writes ? Target.BROADCAST : Target.ANY, null, List.of(), List.of(),
                null, false, 0, List.of(), null, false);
    }

    private Plan explain(String sql, List<SqlLexer.Token> tokens) {
        for (SqlLexer.Token token : tokens.subList(1, tokens.size())) {
            if (token.kind() == SqlLexer.Kind.WORD && DML_WORDS.contains(token.value())) {
                Plan inner = plan(sql.substring(token.start()));
                if (inner instanceof Plan.Routed routed) {
                    boolean analyze = tokens.stream().anyMatch(t -> t.value().equals("analyze")
                            || t.value().equals("analyse"));
                    return new Plan.Routed(sql, Verb.OTHER, routed.writes() && analyze, routed.target(), routed.table(),
                            routed.keyGroups(), List.of(), null, routed.fromShape(), routed.explicitParameters(),
                            routed.literals(), null, false);
                }
                return inner instanceof Plan.Refused ? inner : new Plan.Refused(sql, SqlState.FEATURE_NOT_SUPPORTED,
                        "the query router does not support EXPLAIN of this statement", false);
            }
        }
        return new Plan.Routed(sql, Verb.OTHER, false, Target.ANY, null, List.of(), List.of(), null, false, 0,
                List.of(), null, false);
    }

    private static <P extends Plan> P remember(Map<String, ? super P> cache, String key, P plan) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, plan);
        return plan;
    }
}
