package dev.octet.router.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The durable record of two-phase commit decisions. A multi-shard transaction is committed the
 * moment its row is written here; until then every prepared part of it may be rolled back. Rows
 * are removed once every shard has committed its part.
 */
public final class CoordinatorLog {

    private final MetadataDatabase database;
    private final String instance;

    public CoordinatorLog(MetadataDatabase database, String instance) {
        this.database = database;
        this.instance = instance;
    }

    public String instance() {
        return instance;
    }

    public void recordCommit(String transactionId, List<Integer> shards) throws SQLException {
        database.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into octet_router.commit_decision (transaction_id, instance, shards) values (?, ?, ?)")) {
                insert.setString(1, transactionId);
                insert.setString(2, instance);
                insert.setString(3, shards.stream().map(String::valueOf).collect(Collectors.joining(",")));
                insert.executeUpdate();
            }
            return null;
        });
    }

    public void forget(String transactionId) throws SQLException {
        database.run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from octet_router.commit_decision where transaction_id = ?")) {
                delete.setString(1, transactionId);
                delete.executeUpdate();
            }
            return null;
        });
    }

    /** The transactions of this router instance that were decided to commit and are not yet forgotten. */
    public Set<String> committed() throws SQLException {
        return database.run(this::committed);
    }

    private Set<String> committed(Connection connection) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select transaction_id from octet_router.commit_decision where instance = ?")) {
            select.setString(1, instance);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }
}
