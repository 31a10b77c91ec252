package dev.octet.router.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.router.planner.MergeSpec.ColumnRole;
import dev.octet.router.planner.MergeSpec.SortKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.select.PlainSelect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How a SELECT over several shards is split: the statement every shard runs, and what the router
 * needs to combine their answers (sort keys, group and aggregate roles, LIMIT and OFFSET). Queries
 * are those of the differential corpus, over customers (sharded on id) and orders (on customer_id).
 */
class MergeAnalyzerTest {

    private static final Map<String, String> CUSTOMERS_KEY = Map.of("customers", "id");
    private static final Map<String, String> ORDERS_KEY = Map.of("orders", "customer_id");

    static MergeSpec analyze(String sql, Map<String, String> shardKeyColumns) throws JSQLParserException {
        return MergeAnalyzer.analyze((PlainSelect) CCJSqlParserUtil.parse(sql), shardKeyColumns);
    }

    /** "5" a literal, "$2" a parameter, blank none. */
    private static ValueRef value(String text) {
        return text == null ? null : text.startsWith("$") ? ValueRef.parameter(Integer.parseInt(text.substring(1)))
                : ValueRef.literal(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            select id, name from customers order by id limit 5 offset 10 | SELECT id, name FROM customers ORDER BY id LIMIT 15 | 5 | 10
            select id, name from customers order by name desc limit 5    | SELECT id, name FROM customers ORDER BY name DESC LIMIT 5 | 5 |
            select id, balance from customers order by balance, id offset 35 | SELECT id, balance FROM customers ORDER BY balance, id | | 35
            select id from customers order by id limit $1 offset $2      | SELECT id FROM customers ORDER BY id LIMIT ($1)::bigint + ($2)::bigint | $1 | $2
            select id from customers order by id limit all               | SELECT id FROM customers ORDER BY id | |
            select distinct status from orders order by status limit 2   | SELECT DISTINCT status FROM orders ORDER BY status LIMIT 2 | 2 |
            select city, count(*) from customers group by city order by city limit 2 offset 1 | SELECT city, count(*) FROM customers GROUP BY city ORDER BY city | 2 | 1
            """)
    void eachShardSendsTheFirstLimitPlusOffsetRowsOrEveryGroup(String sql, String shardSql, String limit, String offset)
            throws JSQLParserException {
        MergeSpec spec = analyze(sql, CUSTOMERS_KEY);
        assertThat(spec.shardSql()).isEqualTo(shardSql);
        assertThat(spec.limit()).isEqualTo(value(limit));
        assertThat(spec.offset()).isEqualTo(value(offset));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            select id, tier from customers order by tier                        | 1 | false | false
            select id, tier from customers order by tier desc                   | 1 | true  | true
            select id, tier from customers order by tier nulls first            | 1 | false | true
            select id, tier from customers order by tier desc nulls last        | 1 | true  | false
            select id, name as n from customers order by n                      | 1 | false | false
            select c.id, c.name from customers c order by name desc             | 1 | true  | true
            select * from customers order by 2                                  | 1 | false | false
            select id from customers order by balance desc                      | -1 | true | true
            """)
    void orderByBecomesResultColumnsWithPostgresNullPlacement(String sql, int column, boolean descending,
                                                              boolean nullsFirst) throws JSQLParserException {
        assertThat(analyze(sql, CUSTOMERS_KEY).sortKeys()).containsExactly(new SortKey(column, descending, nullsFirst));
    }

    @Test
    void anOrderByColumnThatIsNotSelectedTravelsAsAHiddenColumn() throws JSQLParserException {
        MergeSpec spec = analyze("select id, name from customers order by balance desc, id limit 3", CUSTOMERS_KEY);
        assertThat(spec.shardSql()).isEqualTo(
                "SELECT id, name, balance AS octet_merge_0 FROM customers ORDER BY balance DESC, id LIMIT 3");
        assertThat(spec.visibleColumns()).isEqualTo(2);
        assertThat(spec.hiddenColumns()).isEqualTo(1);
        assertThat(spec.sortKeys()).containsExactly(new SortKey(-1, true, true), new SortKey(0, false, false));

        MergeSpec star = analyze("select * from customers order by balance limit 2", CUSTOMERS_KEY);
        assertThat(star.shardSql()).isEqualTo("SELECT *, balance AS octet_merge_0 FROM customers ORDER BY balance LIMIT 2");
        assertThat(star.visibleColumns()).as("all but the hidden ones").isEqualTo(-1);
        assertThat(star.hiddenColumns()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            select count(*), sum(balance), min(balance), max(balance) from customers | COUNT SUM MIN MAX | SELECT count(*), sum(balance), min(balance), max(balance) FROM customers
            select city, tier, count(*) from customers group by city, tier order by city, tier | GROUP_KEY GROUP_KEY COUNT | SELECT city, tier, count(*) FROM customers GROUP BY city, tier ORDER BY city, tier
            select city, count(*) from customers group by 1                                | GROUP_KEY COUNT | SELECT city, count(*) FROM customers GROUP BY 1
            select count(*) from customers group by city                                   | COUNT GROUP_KEY | SELECT count(*), city AS octet_merge_0 FROM customers GROUP BY city
            select count(distinct id) from customers                                        | COUNT | SELECT count(DISTINCT id) FROM customers
            select city, count(*) from customers group by city order by sum(balance) desc  | GROUP_KEY COUNT SUM | SELECT city, count(*), sum(balance) AS octet_merge_0 FROM customers GROUP BY city ORDER BY sum(balance) DESC
            select city, max(name) from customers group by city order by min(tier)         | GROUP_KEY MAX MIN | SELECT city, max(name), min(tier) AS octet_merge_0 FROM customers GROUP BY city ORDER BY min(tier)
            """)
    void everyShardColumnHasARoleInTheGroupMerge(String sql, String roles, String shardSql) throws JSQLParserException {
        MergeSpec spec = analyze(sql, CUSTOMERS_KEY);
        assertThat(spec.shardSql()).isEqualTo(shardSql);
        assertThat(spec.aggregation().roles())
                .containsExactlyElementsOf(Arrays.stream(roles.split(" ")).map(ColumnRole::valueOf).toList());
        assertThat(spec.distinct()).isFalse();
    }

    @Test
    void anAverageIsSplitIntoASumAndItsOwnHiddenCount() throws JSQLParserException {
        MergeSpec spec = analyze("select status, avg(amount) from orders group by status order by 2 desc", ORDERS_KEY);
        assertThat(spec.shardSql()).isEqualTo("SELECT status, sum(amount) AS \"avg\", count(amount) AS octet_merge_0 "
                + "FROM orders GROUP BY status ORDER BY 2 DESC");
        assertThat(spec.aggregation().roles()).containsExactly(ColumnRole.GROUP_KEY, ColumnRole.AVG_SUM,
                ColumnRole.AVG_COUNT);
        assertThat(spec.aggregation().avgCountColumn()).containsExactly(-1, 2, -1);
        assertThat(spec.visibleColumns()).isEqualTo(2);
        assertThat(spec.hiddenColumns()).isEqualTo(1);
        assertThat(spec.sortKeys()).containsExactly(new SortKey(1, true, true));

        MergeSpec two = analyze("select avg(balance) as Mean, avg(tier) from customers", CUSTOMERS_KEY);
        assertThat(two.shardSql()).isEqualTo("SELECT sum(balance) AS \"mean\", sum(tier) AS \"avg\", "
                + "count(balance) AS octet_merge_0, count(tier) AS octet_merge_1 FROM customers");
        assertThat(two.aggregation().roles()).containsExactly(ColumnRole.AVG_SUM, ColumnRole.AVG_SUM,
                ColumnRole.AVG_COUNT, ColumnRole.AVG_COUNT);
        assertThat(two.aggregation().avgCountColumn()).as("each average's own count").containsExactly(2, 3, -1, -1);
    }

    @Test
    void groupsOfTheShardKeyAreWholeOnOneShardAndPassThrough() throws JSQLParserException {
        MergeSpec spec = analyze("select customer_id, sum(amount) as total from orders group by customer_id "
                + "having sum(amount) > 400 order by total desc, customer_id limit 3", ORDERS_KEY);
        assertThat(spec.aggregation()).as("no group spans shards").isNull();
        assertThat(spec.shardSql()).isEqualTo("SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id "
                + "HAVING sum(amount) > 400 ORDER BY total DESC, customer_id LIMIT 3");
        assertThat(spec.sortKeys()).containsExactly(new SortKey(1, true, true), new SortKey(0, false, false));

        MergeSpec average = analyze("select customer_id, avg(amount) from orders group by customer_id", ORDERS_KEY);
        assertThat(average.shardSql()).isEqualTo("SELECT customer_id, avg(amount) FROM orders GROUP BY customer_id");
    }

    @Test
    void distinctIsAppliedAgainAfterTheMerge() throws JSQLParserException {
        MergeSpec spec = analyze("select distinct tier from customers order by tier desc nulls last", CUSTOMERS_KEY);
        assertThat(spec.distinct()).isTrue();
        assertThat(spec.aggregation()).isNull();
        assertThat(spec.shardSql()).isEqualTo("SELECT DISTINCT tier FROM customers ORDER BY tier DESC NULLS LAST");
        assertThat(spec.sortKeys()).containsExactly(new SortKey(0, true, false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            select count(distinct city) from customers                       | count(DISTINCT ...) across shards (only count(DISTINCT shard_key) adds up)
            select sum(distinct balance) from customers                      | sum(DISTINCT ...) across shards (only count(DISTINCT shard_key) adds up)
            select city from customers group by city having count(*) > 1     | HAVING across shards (group by the shard key, or filter with WHERE)
            select array_agg(id) from customers                             | the aggregate array_agg() across shards
            select city, stddev(balance) from customers group by city        | the aggregate stddev() across shards
            select sum(balance) / count(*) from customers                    | an aggregate inside an expression (sum(balance) / count(*)) across shards
            select * from customers group by city                            | SELECT * with GROUP BY or aggregates across shards
            select id, row_number() over (order by id) from customers        | window functions across shards
            select distinct on (city) city, id from customers                | DISTINCT ON across shards
            select id from customers order by id fetch first 3 rows only     | FETCH FIRST across shards (use LIMIT)
            select distinct city from customers order by tier                | SELECT DISTINCT ordered by an expression that is not selected
            select city from customers group by city order by avg(balance)   | ORDER BY avg(...) that is not selected, across shards
            select id from customers order by id limit 1 + 1                 | a LIMIT or OFFSET that is not a constant or parameter, across shards
            """)
    void whatCannotBeMergedExactlyIsRefusedByName(String sql, String reason) {
        assertThatThrownBy(() -> analyze(sql, CUSTOMERS_KEY)).isInstanceOf(MergeAnalyzer.Unsupported.class)
                .hasMessage(reason);
    }

    /**
     * The average is selected (column 2): ORDER BY is matched against the select list as written, not
     * against the shard statement's, where that column has become sum(balance).
     */
    @Test
    void orderingByASelectedAverageSortsOnThatColumn() throws JSQLParserException {
        MergeSpec spec = analyze("select city, avg(balance) from customers group by city order by avg(balance) desc",
                CUSTOMERS_KEY);
        assertThat(spec.sortKeys()).isEqualTo(List.of(new SortKey(1, true, true)));
    }
}
