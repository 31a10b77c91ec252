package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.router.sharding.KeyType;
import dev.octet.router.sharding.PartitionDirectory;
import dev.octet.router.sharding.PgHash;
import dev.octet.router.support.TestShards;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The router's hash against a real PostgreSQL: every key lands in the virtual partition where
 * PostgreSQL's own hash partitioning (satisfies_hash_partition) puts it, and the SQL expression the
 * router uses on a shard to find a partition's rows agrees.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgHashIT {

    private static final int PARTITIONS = 64;
    private Connection postgres;

    @BeforeAll
    void connect() throws Exception {
        TestShards shards = TestShards.shared();
        String database = shards.createDatabase("hash");
        postgres = shards.connectBaseline(database);
        try (Statement statement = postgres.createStatement()) {
            for (String type : List.of("int4", "int8", "text", "uuid")) {
                statement.execute("create table by_" + type + " (k " + type + ") partition by hash (k)");
            }
        }
    }

    @Test
    void integersLandWherePostgresPutsThem() throws Exception {
        Random random = new Random(42);
        List<String> keys = new ArrayList<>(List.of("0", "1", "-1", "2147483647", "-2147483648"));
        for (int i = 0; i < 200; i++) {
            keys.add(Integer.toString(random.nextInt()));
        }
        assertSamePartitions("by_int4", KeyType.INTEGER, keys);
        List<String> bigKeys = new ArrayList<>(List.of("9223372036854775807", "-9223372036854775808", "4294967296"));
        for (int i = 0; i < 200; i++) {
            bigKeys.add(Long.toString(random.nextLong()));
        }
        assertSamePartitions("by_int8", KeyType.INTEGER, bigKeys);
    }

    @Test
    void textAndUuidsLandWherePostgresPutsThem() throws Exception {
        Random random = new Random(7);
        List<String> texts = new ArrayList<>(List.of("", "a", "customer 42", "Ünïcödé ✓", "x".repeat(37)));
        for (int i = 0; i < 200; i++) {
            texts.add(Long.toString(random.nextLong(), 36).repeat(1 + random.nextInt(4)));
        }
        assertSamePartitions("by_text", KeyType.TEXT, texts);
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            uuids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        assertSamePartitions("by_uuid", KeyType.UUID_TYPE, uuids);
    }

    @Test
    void theSeededColumnHashesMatchPostgresFunctions() throws Exception {
        try (Statement statement = postgres.createStatement();
             ResultSet row = statement.executeQuery("select hashtextextended('abc', " + PgHash.PARTITION_SEED + "), "
                     + "hashint4extended(5, " + PgHash.PARTITION_SEED + "), hashint8extended(-5, "
                     + PgHash.PARTITION_SEED + ")")) {
            row.next();
            assertThat(KeyType.TEXT.hashText("abc")).isEqualTo(row.getLong(1));
            assertThat(KeyType.INTEGER.hashText("5")).isEqualTo(row.getLong(2));
            assertThat(KeyType.INTEGER.hashText("-5")).isEqualTo(row.getLong(3));
        }
    }

    private void assertSamePartitions(String table, KeyType type, List<String> keys) throws Exception {
        PartitionDirectory directory = PartitionDirectory.roundRobin(PARTITIONS, 4);
        String column = table.substring(3);
        try (PreparedStatement satisfies = postgres.prepareStatement("select satisfies_hash_partition('" + table
                + "'::regclass, " + PARTITIONS + ", ?, ?::" + column + ")");
             PreparedStatement expression = postgres.prepareStatement("select "
                     + type.partitionSql("?::" + column, PARTITIONS))) {
            for (String key : keys) {
                int partition = directory.partitionOf(type.hashText(key));
                satisfies.setInt(1, partition);
                satisfies.setString(2, key);
                try (ResultSet row = satisfies.executeQuery()) {
                    row.next();
                    assertThat(row.getBoolean(1)).as(table + " key " + key + " in partition " + partition).isTrue();
                }
                expression.setString(1, key);
                try (ResultSet row = expression.executeQuery()) {
                    row.next();
                    assertThat(row.getInt(1)).as("partition expression for " + key).isEqualTo(partition);
                }
            }
        }
    }
}
