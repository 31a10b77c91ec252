package dev.octet.router.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable state of partition moves, so a router that dies mid-move can finish or undo it:
 * "copying" is undone (the target's copy is dropped), "target-committed" is finished.
 */
public final class MoveStore {

    public static final String COPYING = "copying";
    public static final String TARGET_COMMITTED = "target-committed";

    /** A move that was under way. */
    public record Move(int partition, int source, int target, String state) {
    }

    private final MetadataDatabase database;

    public MoveStore(MetadataDatabase database) {
        this.database = database;
    }

    public void record(int partition, int source, int target, String state) throws SQLException {
        database.run(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "insert into octet_router.partition_move (partition, source, target, state) values (?, ?, ?, ?) "
                            + "on conflict (partition) do update set source = excluded.source, "
                            + "target = excluded.target, state = excluded.state")) {
                upsert.setInt(1, partition);
                upsert.setInt(2, source);
                upsert.setInt(3, target);
                upsert.setString(4, state);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    public void finished(int partition) throws SQLException {
        database.run(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from octet_router.partition_move where partition = ?")) {
                delete.setInt(1, partition);
                delete.executeUpdate();
            }
            return null;
        });
    }

    public List<Move> unfinished() throws SQLException {
        return database.run(connection -> {
            List<Move> moves = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "select partition, source, target, state from octet_router.partition_move")) {
                while (rows.next()) {
                    moves.add(new Move(rows.getInt(1), rows.getInt(2), rows.getInt(3), rows.getString(4)));
                }
            }
            return moves;
        });
    }
}
