package dev.octet.router.planner;

import java.util.List;

/**
 * How to combine the results of one SELECT run on several shards.
 *
 * @param shardSql the statement each shard runs: AVG split into SUM and COUNT, helper columns for
 *        sorting and grouping appended after the visible ones, LIMIT raised to LIMIT + OFFSET
 * @param visibleColumns how many leading columns the client sees (-1: all, for SELECT *)
 * @param hiddenColumns how many helper columns trail the visible ones
 * @param sortKeys the ORDER BY, as result column positions
 * @param limit the client's LIMIT (null: none)
 * @param offset the client's OFFSET (null: none)
 * @param distinct SELECT DISTINCT
 * @param aggregation how to merge groups and aggregates (null: rows are merged as they are)
 */
public record MergeSpec(String shardSql, int visibleColumns, int hiddenColumns, List<SortKey> sortKeys,
                        ValueRef limit, ValueRef offset, boolean distinct, Aggregation aggregation) {

    /** One ORDER BY item: a result column, its direction and where NULLs go. */
    public record SortKey(int column, boolean descending, boolean nullsFirst) {
    }

    /** What each result column of {@code shardSql} holds when groups are merged. */
    public enum ColumnRole { GROUP_KEY, ANY_VALUE, COUNT, SUM, MIN, MAX, AVG_SUM, AVG_COUNT }

    /**
     * @param roles one per result column of the shard statement
     * @param avgCountColumn for each AVG_SUM column, the column holding its COUNT (else -1)
     */
    public record Aggregation(List<ColumnRole> roles, List<Integer> avgCountColumn) {
    }
}
