package dev.octet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Least privilege in the devstack's databases: each service logs in as a role of its own that owns its
 * database and nothing else. No role is a superuser or may create databases or roles; none may even
 * connect to another service's database; the query router's role on the shards is no superuser either.
 */
class DatabaseRolesIT {

    private static final Map<String, String> OWNERS = Map.of("users", "user_service", "products", "product_service",
            "orders", "order_service", "metadata", "metadata_service");
    private static final int POSTGRES = 5432 + Deployment.PORT_OFFSET;
    private static final int SHARD_1 = 5441 + Deployment.PORT_OFFSET;

    @Test
    void eachServiceRoleOwnsItsDatabaseAndCannotConnectToAnothers() throws Exception {
        Properties passwords = passwords();
        for (Map.Entry<String, String> owned : OWNERS.entrySet()) {
            String role = owned.getValue();
            try (Connection own = connect(POSTGRES, owned.getKey(), role, passwords.getProperty(role))) {
                assertPrivileges(own, role);
                assertThat(scalar(own, "select pg_get_userbyid(datdba) from pg_database where datname = current_database()"))
                        .isEqualTo(role);
            }
            for (String other : OWNERS.keySet()) {
                if (!other.equals(owned.getKey())) {
                    assertThatThrownBy(() -> connect(POSTGRES, other, role, passwords.getProperty(role)).close())
                            .as("%s connecting to %s", role, other)
                            .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                }
            }
        }
    }

    @Test
    void theQueryRoutersRoleOnTheShardsIsNoSuperuser() throws Exception {
        try (Connection shard = connect(SHARD_1, "orders", "query_router", passwords().getProperty("query_router"))) {
            assertPrivileges(shard, "query_router");
            assertThat(scalar(shard, "select pg_get_userbyid(datdba) from pg_database where datname = 'orders'"))
                    .isEqualTo("query_router");
        }
    }

    private static void assertPrivileges(Connection connection, String role) throws SQLException {
        assertThat(scalar(connection, "select rolsuper::text || rolcreatedb::text || rolcreaterole::text || rolreplication::text "
                + "from pg_roles where rolname = current_user")).as("superuser, createdb, createrole, replication of " + role)
                .isEqualTo("falsefalsefalsefalse");
    }

    private static Properties passwords() throws Exception {
        Path home = Deployment.get().octetHome();
        assumeTrue(home != null, "the scenarios run against another deployment, not a devstack of their own");
        Properties passwords = new Properties();
        try (Reader reader = Files.newBufferedReader(home.resolve("secrets/database-roles.properties"))) {
            passwords.load(reader);
        }
        return passwords;
    }

    private static Connection connect(int port, String database, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
    }

    private static String scalar(Connection connection, String sql) throws SQLException {
        try (ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
