package dev.octet.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.octet.router.planner.SqlLexer;
import dev.octet.router.support.TestRouter;
import dev.octet.router.support.TestShards;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a corpus of statements against one plain PostgreSQL holding all the data and, through the
 * router, against four shards: rows, column names and types, command results and SQLSTATEs must be
 * the same, in the simple protocol, the extended protocol with text results and with binary ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DifferentialIT {

    /** How the JDBC driver talks: each mode exercises a different part of the protocol. */
    enum Mode {
        SIMPLE("preferQueryMode", "simple"),
        EXTENDED_TEXT("prepareThreshold", "0", "binaryTransfer", "false"),
        EXTENDED_BINARY("prepareThreshold", "-1", "binaryTransfer", "true");

        final Properties properties = new Properties();

        Mode(String... keyValues) {
            for (int i = 0; i < keyValues.length; i += 2) {
                properties.setProperty(keyValues[i], keyValues[i + 1]);
            }
        }
    }

    /** What a statement returned: columns, rows, update count, or the error's SQLSTATE. */
    record Outcome(List<String> columns, List<List<String>> rows, long updateCount, String sqlState) {
        Outcome sortedRows() {
            List<List<String>> sorted = new ArrayList<>(rows);
            sorted.sort(Comparator.comparing(Object::toString));
            return new Outcome(columns, sorted, updateCount, sqlState);
        }
    }

    private TestShards shards;
    private TestRouter router;
    private String database;

    @BeforeAll
    void start() throws Exception {
        shards = TestShards.shared();
        database = shards.createDatabase("diff");
        router = TestRouter.start(TestRouter.builder(shards.shardSpecs(database),
                "customers:id,orders:customer_id,events:id"));
        try (Connection plain = shards.connectBaseline(database); Connection routed = router.connect()) {
            for (String sql : corpus("differential-setup.sql")) {
                Outcome expected = run(plain, sql);
                Outcome actual = run(routed, sql);
                assertThat(actual).as(sql).isEqualTo(expected);
                assertThat(expected.sqlState()).as(sql).isNull();
            }
        }
        int total = 0;
        for (int shard = 0; shard < shards.count(); shard++) {
            try (Connection direct = shards.connectShard(shard, database); Statement statement = direct.createStatement();
                 ResultSet count = statement.executeQuery("select count(*) from customers")) {
                count.next();
                assertThat(count.getInt(1)).as("customers on shard " + shard).isPositive();
                total += count.getInt(1);
            }
        }
        assertThat(total).as("every customer on exactly one shard").isEqualTo(40);
    }

    @AfterAll
    void stop() {
        if (router != null) {
            router.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void queriesAnswerAsOnePostgres(Mode mode) throws Exception {
        List<String> queries = corpus("differential-queries.sql");
        assertThat(queries).hasSizeGreaterThan(80);
        compare(mode, queries);
    }

    @Test
    void writesAndTransactionsLeaveTheSameData() throws Exception {
        List<String> writes = corpus("differential-writes.sql");
        compare(Mode.EXTENDED_BINARY, writes);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void boundParametersRouteAndMergeLikeLiterals(Mode mode) throws Exception {
        try (Connection plain = connectBaseline(mode); Connection routed = router.connect(mode.properties)) {
            Object[][] cases = {
                    {"select * from customers where id = ?", 11},
                    {"select * from customers where id = ? or id = ? order by id", 3, 33},
                    {"select * from orders where customer_id = ? order by id", 20},
                    {"select id, name from customers order by id limit ? offset ?", 4, 6},
                    {"select city, count(*), avg(balance) from customers where tier = ? group by city order by city", 1},
                    {"select * from events where id = ?::uuid", "00000000-0000-4000-8000-000000000009"},
                    {"select sum(amount) from orders where customer_id in (?, ?, ?)", 1, 2, 39},
                    {"select count(*) from customers where balance > ?", new BigDecimal("1000.50")},
                    {"select id from customers where id = ? and name = ?", 12, "customer 12"},
            };
            for (Object[] example : cases) {
                String sql = (String) example[0];
                Outcome expected = runPrepared(plain, example);
                Outcome actual = runPrepared(routed, example);
                assertThat(actual).as(mode + ": " + sql).isEqualTo(expected);
            }
        }
    }

    private void compare(Mode mode, List<String> statements) throws SQLException {
        try (Connection plain = connectBaseline(mode); Connection routed = router.connect(mode.properties)) {
            for (String sql : statements) {
                Outcome expected = run(plain, sql);
                Outcome actual = run(routed, sql);
                boolean ordered = sql.toLowerCase(Locale.ROOT).contains("order by");
                assertThat(ordered ? actual : actual.sortedRows()).as(mode + ": " + sql)
                        .isEqualTo(ordered ? expected : expected.sortedRows());
            }
        }
    }

    private Connection connectBaseline(Mode mode) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", TestRouter.USER);
        properties.setProperty("password", TestRouter.PASSWORD);
        properties.putAll(mode.properties);
        return java.sql.DriverManager.getConnection(shards.baseline().jdbcUrl(database), properties);
    }

    static Outcome run(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            boolean hasRows = statement.execute(sql);
            return hasRows ? rows(statement.getResultSet()) : new Outcome(List.of(), List.of(),
                    statement.getUpdateCount(), null);
        } catch (SQLException e) {
            return new Outcome(List.of(), List.of(), -1, e.getSQLState());
        }
    }

    private static Outcome runPrepared(Connection connection, Object[] example) {
        try (PreparedStatement statement = connection.prepareStatement((String) example[0])) {
            for (int i = 1; i < example.length; i++) {
                statement.setObject(i, example[i]);
            }
            // Twice, so a server-side prepared statement is reused the second time.
            rows(statement.executeQuery());
            return rows(statement.executeQuery());
        } catch (SQLException e) {
            return new Outcome(List.of(), List.of(), -1, e.getSQLState());
        }
    }

    private static Outcome rows(ResultSet result) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            columns.add(meta.getColumnLabel(i) + ":" + meta.getColumnTypeName(i));
        }
        List<List<String>> rows = new ArrayList<>();
        while (result.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                row.add(result.getString(i));
            }
            rows.add(row);
        }
        return new Outcome(columns, rows, -1, null);
    }

    static List<String> corpus(String resource) throws IOException {
        try (InputStream in = DifferentialIT.class.getClassLoader().getResourceAsStream(resource)) {
            return SqlLexer.splitStatements(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
