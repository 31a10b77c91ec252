package dev.octet.router.sharding;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the router knows about tables: the declarations from configuration (sharded on a key column,
 * shard-local, reference; anything undeclared is a reference table), and what it read from the
 * catalog about columns, cached until DDL goes through the router.
 */
public final class TableRegistry {

    /** A declared table. {@code keyColumn} is set for sharded tables only. */
    public record Declaration(String table, TableKind kind, String keyColumn) {
    }

    /** A column as the catalog describes it. */
    public record Column(String name, String typeName) {
    }

    private final Map<String, Declaration> declarations = new ConcurrentHashMap<>();
    private final Map<String, List<Column>> columns = new ConcurrentHashMap<>();
    private final Function<String, List<Column>> catalog;

    /** {@code catalog} reads a table's columns, in order, from a shard (empty if there is no such table). */
    public TableRegistry(Function<String, List<Column>> catalog) {
        this.catalog = catalog;
    }

    /** Parses {@code table:key,table2:key2}. */
    public void declareSharded(String spec) {
        for (String entry : split(spec)) {
            String[] parts = entry.split(":");
            if (parts.length != 2) {
                throw new IllegalArgumentException("Sharded tables are declared as table:key_column, not '" + entry + "'");
            }
            String table = normalize(parts[0]);
            declarations.put(table, new Declaration(table, TableKind.SHARDED, parts[1].trim().toLowerCase(Locale.ROOT)));
        }
    }

    public void declare(String spec, TableKind kind) {
        for (String entry : split(spec)) {
            String table = normalize(entry);
            declarations.put(table, new Declaration(table, kind, null));
        }
    }

    private static List<String> split(String spec) {
        return spec == null ? List.of() : java.util.Arrays.stream(spec.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** A table name as the router keys it: lower case, without the public schema. */
    public static String normalize(String name) {
        String trimmed = name.trim().toLowerCase(Locale.ROOT);
        return trimmed.startsWith("public.") ? trimmed.substring("public.".length()) : trimmed;
    }

    public TableKind kind(String table) {
        Declaration declaration = declarations.get(table);
        return declaration == null ? TableKind.REFERENCE : declaration.kind();
    }

    public Optional<Declaration> declaration(String table) {
        return Optional.ofNullable(declarations.get(table));
    }

    public String keyColumn(String table) {
        Declaration declaration = declarations.get(table);
        return declaration == null ? null : declaration.keyColumn();
    }

    public Map<String, Declaration> declarations() {
        return Map.copyOf(declarations);
    }

    public boolean isDistributed(String table) {
        TableKind kind = kind(table);
        return kind == TableKind.SHARDED || kind == TableKind.SHARD_LOCAL;
    }

    /** The table's columns in order, from the catalog; empty if the table does not exist (yet). */
    public List<Column> columns(String table) {
        List<Column> known = columns.get(table);
        if (known != null) {
            return known;
        }
        List<Column> read = catalog.apply(table);
        if (!read.isEmpty()) {
            columns.put(table, read);
        }
        return read;
    }

    /** The hash family of a sharded table's key; empty if the table does not exist yet. */
    public Optional<KeyType> keyType(String table) {
        String key = keyColumn(table);
        return columns(table).stream().filter(c -> c.name().equals(key)).findFirst()
                .map(c -> KeyType.ofTypeName(c.typeName()));
    }

    /** Forgets catalog facts, after DDL. */
    public void invalidate() {
        columns.clear();
    }
}
