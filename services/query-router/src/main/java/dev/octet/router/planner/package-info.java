/**
 * From SQL text to a {@code Plan}: the lexer, the statement classifier, the JSqlParser analysis of which
 * shards a statement needs (by its tables and shard key values) and how to merge multi-shard answers; plans
 * are cached by statement shape.
 */
package dev.octet.router.planner;
