package dev.octet.router.repository;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The durable partition directory: which shard holds each virtual partition. */
public final class DirectoryStore {

    private final MetadataDatabase database;

    public DirectoryStore(MetadataDatabase database) {
        this.database = database;
    }

    /** The stored directory, or null if none was stored yet. */
    public int[] load(int partitions) throws SQLException {
        return database.run(connection -> {
            int[] map = new int[partitions];
            int found = 0;
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select partition, shard from octet_router.partition_directory")) {
                while (rows.next()) {
                    int partition = rows.getInt(1);
                    if (partition < 0 || partition >= partitions) {
                        throw new IllegalStateException("The stored partition directory has partition " + partition
                                + " but octet.router.virtual-partitions is " + partitions
                                + ": the number of virtual partitions cannot change once data is stored");
                    }
                    map[partition] = rows.getInt(2);
                    found++;
                }
            }
            if (found == 0) {
                return null;
            }
            if (found != partitions) {
                throw new IllegalStateException("The stored partition directory has " + found + " partitions, not "
                        + partitions);
            }
            return map;
        });
    }

    /** Stores a fresh directory unless one exists; returns the one that is stored. */
    public int[] initialize(int[] map) throws SQLException {
        return database.run(connection -> {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into octet_router.partition_directory (partition, shard) values (?, ?) "
                            + "on conflict (partition) do nothing")) {
                for (int partition = 0; partition < map.length; partition++) {
                    insert.setInt(1, partition);
                    insert.setInt(2, map[partition]);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            return load(map.length);
        });
    }

    public void assign(int partition, int shard) throws SQLException {
        database.run(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update octet_router.partition_directory set shard = ?, moved_at = now() where partition = ?")) {
                update.setInt(1, shard);
                update.setInt(2, partition);
                update.executeUpdate();
            }
            return null;
        });
    }
}
