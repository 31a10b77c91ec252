package dev.octet.router.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.router.sharding.TableKind;
import dev.octet.router.sharding.TableRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Routing decisions, from SQL text alone. */
class QueryPlannerTest {

    private final QueryPlanner planner = planner();

    private static QueryPlanner planner() {
        TableRegistry tables = new TableRegistry(table -> List.of(new TableRegistry.Column("customer_id", "uuid"),
                new TableRegistry.Column("id", "uuid")));
        tables.declareSharded("orders:customer_id,order_line:customer_id");
        tables.declare("outbox", TableKind.SHARD_LOCAL);
        return new QueryPlanner(tables);
    }

    private Plan.Routed routed(String sql) {
        Plan plan = planner.plan(sql);
        assertThat(plan).as(sql).isInstanceOf(Plan.Routed.class);
        return (Plan.Routed) plan;
    }

    @Test
    void anEqualityOnTheKeyPinsOneShardWhetherLiteralOrParameter() {
        Plan.Routed literal = routed("select * from orders where customer_id = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'");
        assertThat(literal.target()).isEqualTo(Target.KEYED);
        assertThat(literal.fromShape()).as("planned once per shape, literals lifted").isTrue();
        assertThat(literal.literals()).containsExactly("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        Plan.Routed parameter = routed("select * from orders o where o.customer_id = $1 and o.id = $2");
        assertThat(parameter.keyGroups()).singleElement().satisfies(group ->
                assertThat(group.values()).containsExactly(ValueRef.parameter(1)));
        Plan.Routed tuple = routed("select * from orders o where (o.customer_id, o.id) = ($1, $2)");
        assertThat(tuple.target()).isEqualTo(Target.KEYED);
    }

    @Test
    void joinsOnTheKeyStayTogetherAndOtherJoinsAreRefused() {
        Plan.Routed colocated = routed("select * from orders o join order_line l on l.customer_id = o.customer_id "
                + "and l.order_id = o.id where o.customer_id = $1");
        assertThat(colocated.target()).isEqualTo(Target.KEYED);
        assertThat(colocated.keyGroups()).hasSize(1);
        Plan refused = planner.plan("select * from orders o join order_line l on l.order_id = o.id");
        assertThat(refused).isInstanceOf(Plan.Refused.class);
        assertThat(((Plan.Refused) refused).sqlState()).isEqualTo("0A000");
    }

    @Test
    void withoutTheKeyAQueryGoesEverywhereWithAMergePlan() {
        Plan plan = planner.planExact("select status, count(*), avg(total) from orders group by status "
                + "order by 2 desc limit 5 offset 2");
        Plan.Routed routed = (Plan.Routed) plan;
        assertThat(routed.target()).isEqualTo(Target.ALL);
        MergeSpec merge = routed.merge();
        assertThat(merge.aggregation().roles()).containsExactly(MergeSpec.ColumnRole.GROUP_KEY,
                MergeSpec.ColumnRole.COUNT, MergeSpec.ColumnRole.AVG_SUM, MergeSpec.ColumnRole.AVG_COUNT);
        assertThat(merge.shardSql()).contains("sum(total) AS \"avg\"", "count(total)").doesNotContain("LIMIT", "OFFSET");
        assertThat(merge.limit()).isEqualTo(ValueRef.literal("5"));
        assertThat(merge.offset()).isEqualTo(ValueRef.literal("2"));
    }

    @Test
    void limitAndOffsetArePushedDownAsLimitPlusOffset() {
        Plan.Routed routed = (Plan.Routed) planner.planExact("select id from orders order by created_at limit 10 offset 5");
        assertThat(routed.merge().shardSql()).contains("LIMIT 15").doesNotContain("OFFSET");
        assertThat(routed.merge().sortKeys()).singleElement().satisfies(key -> assertThat(key.column()).isNegative());
        Plan.Routed outbox = (Plan.Routed) planner.planExact("select * from outbox order by position limit $1 "
                + "for update skip locked");
        assertThat(outbox.target()).isEqualTo(Target.TRANSACTION_SHARDS);
        assertThat(outbox.merge().shardSql()).contains("LIMIT $1", "FOR UPDATE SKIP LOCKED");
    }

    @Test
    void writesAreRoutedByTableKind() {
        Plan.Routed rows = (Plan.Routed) planner.planExact("insert into orders (customer_id, id) values ($1, $2), ($3, $4)");
        assertThat(rows.insertKeys()).containsExactly(ValueRef.parameter(1), ValueRef.parameter(3));
        assertThat(routed("insert into outbox (id, topic) values ($1, $2)").target()).isEqualTo(Target.FOLLOW_TRANSACTION);
        assertThat(routed("insert into flyway_schema_history (installed_rank) values ($1)").target())
                .isEqualTo(Target.BROADCAST);
        assertThat(routed("delete from outbox where id in ($1, $2)").target()).isEqualTo(Target.TRANSACTION_SHARDS);
        assertThat(routed("update orders set status = $1 where customer_id = $2 and id = $3").target())
                .isEqualTo(Target.KEYED);
        assertThat(planner.plan("update orders set customer_id = $1 where id = $2")).isInstanceOf(Plan.Refused.class);
    }

    @Test
    void catalogQueriesAndSessionCommandsAreRecognised() {
        assertThat(routed("select n.nspname from pg_catalog.pg_namespace n where n.nspname = $1").target())
                .isEqualTo(Target.ANY);
        assertThat(routed("SELECT pg_try_advisory_xact_lock(77)").target()).isEqualTo(Target.ANY);
        assertThat(routed("SELECT pg_advisory_lock(77)").pinsSession()).isTrue();
        assertThat(planner.plan("SET search_path TO public")).isInstanceOf(Plan.Session.class);
        assertThat(planner.plan("begin isolation level repeatable read")).isInstanceOf(Plan.Transaction.class);
        assertThat(planner.plan("CREATE TABLE x (id int)")).isInstanceOfSatisfying(Plan.Broadcast.class,
                broadcast -> assertThat(broadcast.transactional()).isTrue());
        assertThat(planner.plan("create index concurrently i on x (id)")).isInstanceOfSatisfying(Plan.Broadcast.class,
                broadcast -> assertThat(broadcast.transactional()).isFalse());
        assertThat(planner.plan("copy orders (customer_id, id) from stdin")).isInstanceOf(Plan.CopyIn.class);
    }

    @Test
    void theLexerSplitsStatementsRespectingQuotesAndDollarQuotes() {
        assertThat(SqlLexer.splitStatements("select ';'; select $$a;b$$; -- c;\n select 3"))
                .containsExactly("select ';'", "select $$a;b$$", "-- c;\n select 3");
        SqlLexer.Parameterized shape = SqlLexer.parameterize("select * from t where a = 'x''y' and b = $1 and c = 7",
                SqlLexer.tokens("select * from t where a = 'x''y' and b = $1 and c = 7"));
        assertThat(shape.sql()).isEqualTo("select * from t where a = $2 and b = $1 and c = $3");
        assertThat(shape.literals()).containsExactly("x'y", "7");
    }
}
