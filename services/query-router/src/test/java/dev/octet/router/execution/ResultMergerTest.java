package dev.octet.router.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.octet.router.planner.CorpusTables;
import dev.octet.router.planner.MergeSpec;
import dev.octet.router.planner.Plan;
import dev.octet.router.planner.QueryPlanner;
import dev.octet.router.protocol.DataRow;
import dev.octet.router.protocol.Formats;
import dev.octet.router.protocol.PgMessage;
import dev.octet.router.protocol.RowDescription;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Combining the shards' answers into the one PostgreSQL would give: the merge plan comes from the
 * planner for a query of the differential corpus, the shard replies are hand-written DataRows of the
 * rewritten statement (helper columns included), and what the client gets is read back from the
 * DataRows the merger sends.
 */
class ResultMergerTest {

    private static final QueryPlanner PLANNER = CorpusTables.planner();

    /** The shard replies to one statement and what came of merging them. */
    private static final class Merge {
        final ResultMerger merger;
        final List<byte[][]> sent = new ArrayList<>();
        long count;

        Merge(String sql, RowDescription shardColumns) {
            MergeSpec spec = ((Plan.Routed) PLANNER.planExact(sql)).merge();
            assertThat(spec).as(sql).isNotNull();
            long offset = spec.offset() == null ? 0 : Long.parseLong(spec.offset().literal());
            long limit = spec.limit() == null ? Long.MAX_VALUE : Long.parseLong(spec.limit().literal());
            merger = new ResultMerger(spec, shardColumns, offset, limit);
        }

        /** Merges the shards' rows, each shard's list in the order that shard sent it. */
        Merge of(List<List<byte[][]>> shards) {
            List<ResultMerger.ShardRows> sources = new ArrayList<>();
            for (List<byte[][]> rows : shards) {
                Iterator<PgMessage> replies = rows.stream().map(row -> DataRow.message(row, row.length)).iterator();
                sources.add(() -> replies.hasNext() ? DataRow.columns(replies.next().payload()) : null);
            }
            count = merger.mergeFrom(sources, new ResultSink() {
                @Override
                public void row(PgMessage dataRow) {
                    sent.add(DataRow.columns(dataRow.payload()));
                }

                @Override
                public void relay(PgMessage message) {
                    throw new AssertionError("the merger relays nothing but rows: " + message);
                }

                @Override
                public void complete(String tag) {
                    throw new AssertionError("the executor completes the statement, not the merger");
                }
            });
            assertThat(count).isEqualTo(sent.size());
            return this;
        }

        /** Text replies, one per shard, written as {@link #shard} reads them. */
        Merge ofText(String[]... shards) {
            return of(Arrays.stream(shards).map(ResultMergerTest::textReply).toList());
        }

        List<List<String>> textRows() {
            return sent.stream().map(row -> Arrays.stream(row)
                    .map(value -> value == null ? null : new String(value, StandardCharsets.UTF_8)).toList()).toList();
        }
    }

    private static RowDescription columns(Object... nameTypePairs) {
        return described(Formats.TEXT, nameTypePairs);
    }

    private static RowDescription binaryColumns(Object... nameTypePairs) {
        return described(Formats.BINARY, nameTypePairs);
    }

    private static RowDescription described(short format, Object... nameTypePairs) {
        List<RowDescription.Field> fields = new ArrayList<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            fields.add(new RowDescription.Field((String) nameTypePairs[i], 0, (short) 0, (Integer) nameTypePairs[i + 1],
                    (short) -1, -1, format));
        }
        // As a shard describes them on the wire.
        return RowDescription.parse(new RowDescription(fields).toMessage());
    }

    /** One shard's reply: rows separated by ';', values by ',', "null" for NULL. */
    private static String[] shard(String rows) {
        return rows.isEmpty() ? new String[0] : rows.split(";");
    }

    private static List<byte[][]> textReply(String[] rows) {
        return Arrays.stream(rows).map(row -> Arrays.stream(row.split(",", -1)).map(String::trim)
                .map(v -> v.equals("null") ? null : v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new)).toList();
    }

    private static List<String> row(String... values) {
        return Arrays.asList(values);
    }

    @Test
    void sortedShardRepliesAreMergedIntoOneOrder() {
        Merge merge = new Merge("select id, name from customers order by id",
                columns("id", PgTypes.INT4, "name", PgTypes.TEXT)).ofText(
                shard("1, customer 01; 4, customer 04; 9, customer 09"),
                shard("2, customer 02; 3, customer 03; 10, customer 10"),
                shard(""),
                shard("5, customer 05"));
        assertThat(merge.textRows()).containsExactly(row("1", "customer 01"), row("2", "customer 02"),
                row("3", "customer 03"), row("4", "customer 04"), row("5", "customer 05"), row("9", "customer 09"),
                row("10", "customer 10"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            tier                  | 3 5 2 1 4
            tier desc             | 1 4 2 3 5
            tier nulls first      | 1 4 3 5 2
            tier desc nulls last  | 2 3 5 1 4
            """)
    void nullsGoWherePostgresPutsThem(String order, String ids) {
        Merge merge = new Merge("select id, tier from customers order by " + order + ", id",
                columns("id", PgTypes.INT4, "tier", PgTypes.INT4)).ofText(
                shard("1, null; 4, null"), shard("2, 5"), shard("3, 1"), shard("5, 1"));
        assertThat(merge.textRows()).extracting(r -> r.get(0)).containsExactly(ids.split(" "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            23   | 10;9;-3                                        | -3;9;10
            1700 | 1000.00;999.99;-0.5;NaN                        | -0.5;999.99;1000.00;NaN
            701  | 1e+16;Infinity;-1.5;NaN;2.5                    | -1.5;2.5;1e+16;Infinity;NaN
            25   | Zoe;apple;Émile;zed                            | Zoe;apple;zed;Émile
            1184 | 2024-10-27 02:30:00+02;2024-10-27 02:10:00+01  | 2024-10-27 02:30:00+02;2024-10-27 02:10:00+01
            1082 | 2024-02-01;2023-12-31                          | 2023-12-31;2024-02-01
            16   | t;f                                            | f;t
            """)
    void valuesOrderAsPostgresOrdersThem(int type, String valuePerShard, String expected) {
        String[][] shards = Arrays.stream(valuePerShard.split(";")).map(v -> new String[] {v}).toArray(String[][]::new);
        Merge merge = new Merge("select v from customers order by v", columns("v", type)).ofText(shards);
        assertThat(merge.textRows()).extracting(r -> r.get(0)).containsExactly(expected.split(";"));
    }

    @Test
    void offsetAndLimitApplyToTheMergedRows() {
        Merge merge = new Merge("select id, name from customers order by id limit 3 offset 2",
                columns("id", PgTypes.INT4, "name", PgTypes.TEXT)).ofText(
                shard("1, a; 4, d; 6, f; 7, g; 8, h"),
                shard("2, b; 3, c; 5, e"));
        assertThat(merge.textRows()).containsExactly(row("3", "c"), row("4", "d"), row("5", "e"));
        assertThat(merge.count).isEqualTo(3);
    }

    @Test
    void aHiddenSortColumnOrdersTheRowsAndIsDropped() {
        Merge merge = new Merge("select id, name from customers order by balance desc limit 3",
                columns("id", PgTypes.INT4, "name", PgTypes.TEXT, "octet_merge_0", PgTypes.NUMERIC)).ofText(
                shard("11, customer 11, 4514.54; 2, customer 02, 3234.83"),
                shard("40, customer 40, 4988.09; 3, customer 03, 395.09"),
                shard("7, customer 07, 999.99"));
        assertThat(merge.textRows()).containsExactly(row("40", "customer 40"), row("11", "customer 11"),
                row("2", "customer 02"));
        assertThat(merge.merger.clientColumns().fields()).extracting(RowDescription.Field::name).containsExactly("id",
                "name");
    }

    @Test
    void groupsFromEveryShardAreFoldedIntoOne() {
        Merge merge = new Merge("select city, count(*), sum(balance), min(balance), max(balance) from customers "
                + "group by city order by city nulls first", columns("city", PgTypes.TEXT, "count", PgTypes.INT8,
                "sum", PgTypes.NUMERIC, "min", PgTypes.NUMERIC, "max", PgTypes.NUMERIC)).ofText(
                shard("Paris, 2, 3127.83, 475.64, 2652.19; null, 1, 4389.12, 4389.12, 4389.12"),
                shard("Oslo, 1, 3234.83, 3234.83, 3234.83; Paris, 1, 4514.54, 4514.54, 4514.54"),
                shard("null, 2, 6800.00, 1000.00, 5800.00"));
        assertThat(merge.textRows()).containsExactly(
                row(null, "3", "11189.12", "1000.00", "5800.00"),
                row("Oslo", "1", "3234.83", "3234.83", "3234.83"),
                row("Paris", "3", "7642.37", "475.64", "4514.54"));
    }

    @Test
    void integerCountsAndSumsAddUpAndEmptyAggregatesStayNull() {
        Merge ints = new Merge("select sum(tier), count(tier), count(*) from customers",
                columns("sum", PgTypes.INT8, "count", PgTypes.INT8, "count", PgTypes.INT8)).ofText(
                shard("12, 5, 6"), shard("null, 0, 1"), shard("3, 2, 4"));
        assertThat(ints.textRows()).containsExactly(row("15", "7", "11"));

        Merge none = new Merge("select count(*), sum(balance), avg(balance) from customers where id > 1000",
                columns("count", PgTypes.INT8, "sum", PgTypes.NUMERIC, "avg", PgTypes.NUMERIC,
                        "octet_merge_0", PgTypes.INT8)).ofText(shard("0, null, null, 0"), shard("0, null, null, 0"));
        assertThat(none.textRows()).containsExactly(row("0", null, null));
    }

    @Test
    void anAverageIsTheSumOfEveryShardOverItsCount() {
        Merge merge = averageByGroup("select status, avg(amount) from orders group by status order by status",
                "status", PgTypes.NUMERIC, shard("paid, 555.50, 2; new, null, 0"),
                shard("paid, 286.73, 1; new, 40.97, 1; void, null, 0"));
        assertThat(merge.textRows()).containsExactly(
                row("new", "40.9700000000000000"),
                row("paid", "280.7433333333333333"),
                row("void", null));
        assertThat(merge.merger.clientColumns().fields())
                .extracting(RowDescription.Field::name, RowDescription.Field::typeOid, RowDescription.Field::typeLength)
                .containsExactly(tuple("status", PgTypes.TEXT, (short) -1),
                        tuple("avg", PgTypes.NUMERIC, (short) -1));
    }

    @Test
    void floatAggregatesAddAsFloatsAndPrintAsPostgresPrintsThem() {
        Merge merge = new Merge("select kind, sum(ratio), max(ratio), avg(ratio) from events group by kind order by kind",
                columns("kind", PgTypes.TEXT, "sum", PgTypes.FLOAT8, "max", PgTypes.FLOAT8, "avg", PgTypes.FLOAT8,
                        "octet_merge_0", PgTypes.INT8)).ofText(
                shard("buy, 8, 8, 8, 1; view, 0.1, 0.1, 0.1, 1"),
                shard("buy, 16.5, 16.5, 16.5, 1; click, null, null, null, 0"),
                shard("view, 0.2, 0.2, 0.2, 1; click, 0.5, 0.5, 0.5, 1"));
        assertThat(merge.textRows()).containsExactly(
                row("buy", "24.5", "16.5", "12.25"),
                row("click", "0.5", "0.5", "0.5"),
                row("view", "0.30000000000000004", "0.2", "0.15000000000000002"));
        assertThat(merge.merger.clientColumns().field(3).typeOid()).isEqualTo(PgTypes.FLOAT8);
    }

    @Test
    void distinctRowsFromSeveralShardsAppearOnce() {
        Merge cities = new Merge("select distinct city from customers order by city", columns("city", PgTypes.TEXT))
                .ofText(shard("Berlin;Oslo;null"), shard("Oslo;Paris;null"), shard("Berlin"));
        assertThat(cities.textRows()).containsExactly(row("Berlin"), row("Oslo"), row("Paris"), row((String) null));

        Merge firstTwo = new Merge("select distinct status from orders order by status limit 2",
                columns("status", PgTypes.TEXT)).ofText(shard("cancelled;new"), shard("new;paid"));
        assertThat(firstTwo.textRows()).containsExactly(row("cancelled"), row("new"));

        Merge numbers = new Merge("select distinct balance from customers", columns("balance", PgTypes.NUMERIC))
                .ofText(shard("1.0"), shard("1.00;2"));
        assertThat(numbers.textRows()).as("1.0 = 1.00 in numeric").hasSize(2);
    }

    @Test
    void binaryValuesAreDecodedToSortAndEncodedBackAfterAggregating() {
        Merge sorted = new Merge("select id, balance from customers order by balance desc, id limit 3",
                binaryColumns("id", PgTypes.INT4, "balance", PgTypes.NUMERIC)).of(List.of(
                List.of(binary(11, "4514.54"), binary(2, "3234.83")),
                List.of(binary(40, "4988.09"), binary(3, "395.09")),
                List.of(binary(7, "999.99"), binary(8, "999.99"))));
        assertThat(sorted.sent).extracting(r -> ByteBuffer.wrap(r[0]).getInt()).containsExactly(40, 11, 2);

        Merge grouped = new Merge("select city, count(*), sum(balance), avg(balance) from customers group by city",
                binaryColumns("city", PgTypes.TEXT, "count", PgTypes.INT8, "sum", PgTypes.NUMERIC,
                        "avg", PgTypes.NUMERIC, "octet_merge_0", PgTypes.INT8)).of(List.of(
                List.<byte[][]>of(new byte[][] {utf8("Paris"), int8(2), numeric("3127.83"), numeric("3127.83"), int8(2)}),
                List.<byte[][]>of(new byte[][] {utf8("Paris"), int8(1), numeric("4514.54"), numeric("4514.54"), int8(1)})));
        assertThat(grouped.sent).singleElement().satisfies(row -> {
            assertThat(row.length).as("hidden count dropped").isEqualTo(4);
            assertThat(ByteBuffer.wrap(row[1]).getLong()).isEqualTo(3);
            assertThat(NumericCodec.decode(row[2])).isEqualTo(new BigDecimal("7642.37"));
            assertThat(NumericCodec.decode(row[3])).isEqualTo(new BigDecimal("2547.4566666666666667"));
        });
    }

    /**
     * sum() of an integer column is a bigint on the shards, so the average's column arrives typed int8
     * while the merged row holds a numeric average: the order is taken on the merged type.
     */
    @Test
    void averagesOfIntegersSortAsNumbers() {
        Merge merge = averageByGroup("select city, avg(tier) from customers group by city order by 2 desc",
                "city", PgTypes.INT8, shard("Oslo, 3, 2; Rome, 4, 2"), shard("Oslo, 2, 1; Rome, 2, 1"));
        assertThat(merge.textRows()).containsExactly(row("Rome", "2.0000000000000000"),
                row("Oslo", "1.6666666666666667"));
    }

    /** A text group key, then avg(...) as the shards send it: its sum, typed {@code sumType}, and a hidden count. */
    private static Merge averageByGroup(String sql, String group, int sumType, String[]... shards) {
        return new Merge(sql, columns(group, PgTypes.TEXT, "avg", sumType, "octet_merge_0", PgTypes.INT8)).ofText(shards);
    }

    private static byte[][] binary(int id, String balance) {
        return new byte[][] {ByteBuffer.allocate(4).putInt(id).array(), numeric(balance)};
    }

    private static byte[] numeric(String value) {
        return NumericCodec.encode(new BigDecimal(value));
    }

    private static byte[] int8(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
