package dev.octet.router.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which shards a query or data change goes to, read from its syntax tree: the table kinds, the shard
 * key values in its conditions and rows, and what is refused (0A000). Tables as in the differential
 * corpus: customers sharded on id, orders on customer_id, events on id, products a reference table,
 * outbox shard-local.
 */
class DmlAnalyzerTest {

    private final DmlAnalyzer analyzer = new DmlAnalyzer(CorpusTables.registry());

    private Plan.Routed analyze(String sql, boolean exact) throws JSQLParserException {
        List<SqlLexer.Token> tokens = SqlLexer.tokens(sql);
        int parameters = tokens.stream().filter(t -> t.kind() == SqlLexer.Kind.PARAMETER)
                .mapToInt(t -> Integer.parseInt(t.value())).max().orElse(0);
        return analyzer.analyze(sql, CCJSqlParserUtil.parse(sql), tokens, exact, parameters);
    }

    private Plan.Routed analyze(String sql) throws JSQLParserException {
        return analyze(sql, true);
    }

    /** Space-separated key values: "7" a literal, "$2" a parameter, "NULL" null; blank: none. */
    private static List<ValueRef> values(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split(" ")).map(v -> v.equals("NULL") ? ValueRef.nullValue()
                : v.startsWith("$") ? ValueRef.parameter(Integer.parseInt(v.substring(1))) : ValueRef.literal(v)).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            insert into customers (id, name) values (100, 'new one')                                   | customers | 100
            insert into customers (id, name, city) values (101, 'a', null), (102, 'b', 'Rome'), (103, 'c', 'Paris') returning id, name | customers | 101 102 103
            insert into orders values (3, 5, 1.00, 'new', date '2024-01-01')                          | orders    | 3
            insert into orders (id, customer_id, status, placed) values (5, 3, 'new', now()), (6, -4, 'new', now()) | orders | 3 -4
            insert into events (id, kind, at) values ('00000000-0000-4000-8000-000000000001'::uuid, 'view', now()) | events | 00000000-0000-4000-8000-000000000001
            insert into customers (id, name) values (null, 'no key')                                  | customers | NULL
            insert into customers (name, id) values ($1, $2), ($3, $4)                                | customers | $2 $4
            insert into customers (id, name) values ($1, 'x') on conflict (id) do update set name = excluded.name | customers | $1
            insert into ghosts (id) values (1)                                                        | ghosts    | 1
            """)
    void everyInsertedRowIsRoutedByItsOwnKey(String sql, String table, String keys) throws JSQLParserException {
        Plan.Routed plan = analyze(sql);
        assertThat(plan.verb()).isEqualTo(Verb.INSERT);
        assertThat(plan.writes()).isTrue();
        assertThat(plan.target()).isEqualTo(Target.KEYED);
        assertThat(plan.table()).isEqualTo(table);
        assertThat(plan.insertKeys()).as("one key per row, in row order").isEqualTo(values(keys));
        assertThat(plan.keyGroups()).containsExactly(new KeyGroup(table, values(keys)));
        assertThat(plan.multiShardRefusal()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            insert into products (id, name, price) values (5, 'chair', 80.00)           | BROADCAST          | products
            insert into outbox (id, topic) values ($1, $2)                               | FOLLOW_TRANSACTION | outbox
            insert into ghosts values (1)                                                | ANY                | ghosts
            update products set price = price * 2 where id = 1                           | BROADCAST          | products
            delete from outbox where id in ($1, $2)                                      | TRANSACTION_SHARDS | outbox
            update customers set tier = 9 where city = 'Oslo'                            | ALL                | customers
            delete from orders where status = 'cancelled' and amount < 50                | ALL                | orders
            delete from orders where customer_id = 1 or customer_id = 2                  | ALL                | orders
            delete from orders o using customers c where c.id = o.customer_id and c.city = 'Rome' | ALL     | orders
            """)
    void writesWithoutKeyValuesGoByTableKind(String sql, Target target, String table) throws JSQLParserException {
        Plan.Routed plan = analyze(sql);
        assertThat(plan.writes()).isTrue();
        assertThat(plan.target()).isEqualTo(target);
        assertThat(plan.table()).isEqualTo(table);
        assertThat(plan.keyGroups()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            update customers set balance = balance + 1 where id = 100 returning balance    | UPDATE | customers | 100
            delete from orders where customer_id = 3 and id = 5                             | DELETE | orders    | 3
            delete from orders where customer_id in (1, 2, 39)                              | DELETE | orders    | 1 2 39
            delete from customers where (id, name) = ($1, $2)                               | DELETE | customers | $1
            update orders set status = 'shipped' from customers where customers.id = orders.customer_id and customers.id = 8 | UPDATE | orders | 8
            delete from orders o where o.customer_id = 4 and exists (select 1 from customers c where c.id = o.customer_id) | DELETE | orders | 4
            """)
    void writesPinnedByTheirKeyGoToItsShard(String sql, Verb verb, String table, String keys)
            throws JSQLParserException {
        Plan.Routed plan = analyze(sql);
        assertThat(plan.verb()).isEqualTo(verb);
        assertThat(plan.target()).isEqualTo(Target.KEYED);
        assertThat(plan.keyGroups()).containsExactly(new KeyGroup(table, values(keys)));
        assertThat(plan.insertKeys()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            select * from customers where id = 7                                             | KEYED | customers | 7
            select * from customers where id in (1, 2, 3, 38) order by id                    | KEYED | customers | 1 2 3 38
            select o.id, o.amount, c.name from orders o join customers c on c.id = o.customer_id where c.id = 9 order by o.id | KEYED | orders | 9
            select * from customers c where exists (select 1 from orders o where o.customer_id = c.id and o.amount > 400) order by id | ALL | customers |
            select c.id from customers c left join orders o on o.customer_id = c.id where o.id is null order by c.id | ALL | customers |
            select c.id, (select count(*) from orders o where o.customer_id = c.id) as n from customers c order by c.id limit 10 | ALL | customers |
            select * from outbox order by position limit $1 for update skip locked          | TRANSACTION_SHARDS | outbox |
            """)
    void queriesGoToTheShardsOfTheirKeysOrEverywhereWithAMergePlan(String sql, Target target, String table, String keys)
            throws JSQLParserException {
        Plan.Routed plan = analyze(sql);
        assertThat(plan.verb()).isEqualTo(Verb.SELECT);
        assertThat(plan.writes()).isFalse();
        assertThat(plan.target()).isEqualTo(target);
        assertThat(plan.table()).isEqualTo(table);
        assertThat(plan.keyGroups()).isEqualTo(keys == null ? List.of() : List.of(new KeyGroup(table, values(keys))));
        assertThat(plan.multiShardRefusal()).isNull();
        assertThat(plan.merge()).as("an exact plan can be merged").isNotNull();
    }

    @Test
    void aQueryOverReferenceTablesOnlyNeedsAnyOneShard() throws JSQLParserException {
        Plan.Routed plan = analyze("select p.name from products p where price > 10 order by price");
        assertThat(plan.target()).isEqualTo(Target.ANY);
        assertThat(plan.merge()).isNull();
    }

    @Test
    void whatCannotBeMergedIsRefusedOnlyWhenItSpansShards() throws JSQLParserException {
        String having = "the query router does not support HAVING across shards (group by the shard key, or filter "
                + "with WHERE)";
        Plan.Routed everywhere = analyze("select city, count(*) from customers group by city having count(*) > 1");
        assertThat(everywhere.target()).isEqualTo(Target.ALL);
        assertThat(everywhere.merge()).isNull();
        assertThat(everywhere.multiShardRefusal()).isEqualTo(having);

        Plan.Routed pinned = analyze("select city, count(*) from customers where id = 3 group by city having count(*) > 1");
        assertThat(pinned.target()).isEqualTo(Target.KEYED);
        assertThat(pinned.keyGroups()).containsExactly(new KeyGroup("customers", values("3")));
        assertThat(pinned.multiShardRefusal()).isEqualTo(having);

        Plan.Routed derived = analyze("select * from (select * from customers) c");
        assertThat(derived.target()).isEqualTo(Target.ALL);
        assertThat(derived.multiShardRefusal()).startsWith("the query router does not support subqueries, derived "
                + "tables or CTEs over sharded tables across shards");
        assertThat(derived.merge()).isNull();

        Plan.Routed shape = analyze("select city, count(*) from customers group by city", false);
        assertThat(shape.merge()).as("a parameterized shape gets no merge plan").isNull();
        assertThat(shape.multiShardRefusal()).isNull();
    }

    @Test
    void aSubqueryPinnedToTheSameKeyGivesOneGroupPerQueryBlock() throws JSQLParserException {
        Plan.Routed plan = analyze("select * from orders where customer_id = 17 and amount > "
                + "(select avg(amount) from orders where customer_id = 17) order by id");
        assertThat(plan.target()).isEqualTo(Target.KEYED);
        assertThat(plan.keyGroups()).containsExactly(new KeyGroup("orders", values("17")),
                new KeyGroup("orders", values("17")));
        assertThat(plan.multiShardRefusal()).as("were the subquery pinned elsewhere").startsWith(
                "the query router does not support subqueries whose shard keys pin them to another shard");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            insert into customers (name) values ('x')                                           | an INSERT into sharded table customers without its shard key column id
            insert into customers (id, name) values (1 + 1, 'x')                                | an INSERT into sharded table customers whose shard key id is not a constant or parameter (1 + 1)
            insert into customers select * from products                                        | INSERT ... SELECT into sharded table customers (insert rows with VALUES)
            insert into customers select * from orders                                          | INSERT ... SELECT into distributed table customers from distributed tables
            insert into products (id, name, price) select id, name, 1 from customers            | writing reference table products from distributed tables
            insert into orders (customer_id, id, status, placed) values ((select max(customer_id) from orders), 1, 'new', now()) | a subquery over sharded tables in an INSERT into orders unless its shard key pins it to the row's shard
            insert into customers (id, name) values (1, 'x') on conflict (id) do update set id = 2 | changing the shard key id of sharded table customers (delete the row and insert it again)
            update customers set id = 5 where id = 4                                            | changing the shard key id of sharded table customers (delete the row and insert it again)
            update products set price = 1 where id in (select customer_id from orders)          | writing reference table products from distributed tables
            delete from outbox where id in (select id from events)                              | writing shard-local table outbox from other distributed tables
            update customers set name = 'x' from outbox where outbox.id = customers.id          | writing sharded table customers from shard-local tables
            select * from customers c join outbox o on o.id = c.id                              | a query over both shard-local (outbox) and sharded (customers) tables
            select * from customers c join orders o on o.id = c.id                              | joining sharded tables customers and orders other than on their shard keys
            select id from customers union select customer_id from orders                       | UNION, INTERSECT or EXCEPT over sharded tables across shards (pin every part to one shard with its key)
            select * from customers where id in (select customer_id from orders)                | a subquery over sharded table orders that is not joined to the outer query on the shard key
            select pg_advisory_lock(1) from customers                                           | session-level advisory locks together with distributed tables
            """)
    void whatTheRouterCannotDoIsRefusedWithFeatureNotSupported(String sql, String what) {
        assertThatThrownBy(() -> analyze(sql)).isInstanceOfSatisfying(DmlAnalyzer.Refusal.class,
                refusal -> assertThat(refusal.sqlState()).isEqualTo("0A000"))
                .hasMessage("the query router does not support " + what);
    }

    /**
     * A WITH that deletes, inserts or updates is refused (JSqlParser 5.3's WithItem.getSelect() casts,
     * so the check looks at the parenthesed statement's kind).
     */
    @Test
    void aDataModifyingWithIsRefused() {
        assertThatThrownBy(() -> analyze("with gone as (delete from orders where customer_id = 3 returning *) "
                + "select * from gone")).isInstanceOf(DmlAnalyzer.Refusal.class)
                .hasMessage("the query router does not support data-modifying WITH");
    }

    /**
     * orders.id is not a shard key (orders is sharded on customer_id), though customers' key is also
     * called id: groups of o.id are merged across shards.
     */
    @Test
    void groupingByAColumnNamedLikeAnotherTablesKeyStillMergesGroups() throws JSQLParserException {
        Plan.Routed plan = analyze("select o.id, count(*) from orders o join customers c on c.id = o.customer_id "
                + "group by o.id");
        assertThat(plan.target()).isEqualTo(Target.ALL);
        assertThat(plan.merge().aggregation()).as("groups of o.id must be merged across shards").isNotNull();
    }
}
