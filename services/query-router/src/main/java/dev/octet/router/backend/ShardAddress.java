package dev.octet.router.backend;

/** Where one shard lives: a PostgreSQL server and the database on it. */
public record ShardAddress(int index, String host, int port, String database) {

    /** Parses {@code host:port/database}. */
    public static ShardAddress parse(int index, String spec) {
        String trimmed = spec.trim();
        int slash = trimmed.indexOf('/');
        int colon = trimmed.lastIndexOf(':', slash < 0 ? trimmed.length() : slash);
        if (slash < 0 || colon < 0) {
            throw new IllegalArgumentException("A shard is host:port/database, not '" + spec + "'");
        }
        return new ShardAddress(index, trimmed.substring(0, colon), Integer.parseInt(trimmed.substring(colon + 1, slash)),
                trimmed.substring(slash + 1));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "shard " + index + " (" + host + ":" + port + "/" + database + ")";
    }
}
