package dev.octet.router.planner;

import java.util.List;

/**
 * Sharded table references joined on their shard keys, which therefore live together, with the key
 * values that pin them (an equality or an IN list): their rows are on the shards of these values.
 */
public record KeyGroup(String table, List<ValueRef> values) {
}
