package dev.octet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A real PostgreSQL server run from the machine's binaries, listening on 127.0.0.1.
 *
 * <p>The data folder survives a stop: starting again on the same folder reuses the cluster. A
 * {@linkplain Builder#durable(boolean) non-durable} server skips fsync, which is what tests want.
 */
public final class PostgresServer extends ProcessBackedServer {

    public static final String DEFAULT_USER = "octet";
    public static final String DEFAULT_PASSWORD = "octet";

    private final Builder settings;

    private PostgresServer(Builder settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return settings.port;
    }

    public String user() {
        return settings.user;
    }

    public String password() {
        return settings.password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + settings.port + "/" + database;
    }

    /** The URL form the Vert.x reactive client takes. */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + settings.port + "/" + database;
    }

    /** Starts the server, creating the cluster first if the data folder is empty. */
    @Override
    public synchronized PostgresServer start() {
        if (isRunning()) {
            return this;
        }
        Ports.requireFree(settings.port, "PostgreSQL");
        Path bin = PostgresBinaries.locate();
        Path data = settings.home.resolve("data");
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            initialize(bin, data);
        }
        List<String> command = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(settings.port)));
        serverSettings().forEach((key, value) -> command.addAll(List.of("-c", key + "=" + value)));
        process = ManagedProcess.start(settings.name, ServerUser.command(command), Map.of(), settings.home,
                settings.home.resolve("postgres.log"), "INT");
        Readiness.await(process, "accepting connections on port " + settings.port, settings.startTimeout,
                this::acceptsConnections);
        return this;
    }

    private Map<String, String> serverSettings() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("listen_addresses", "127.0.0.1");
        values.put("unix_socket_directories", "");
        values.put("max_connections", "300");
        values.put("shared_buffers", "128MB");
        if (!settings.durable) {
            values.put("fsync", "off");
            values.put("synchronous_commit", "off");
            values.put("full_page_writes", "off");
        }
        values.putAll(settings.extraSettings);
        return values;
    }

    private void initialize(Path bin, Path data) {
        try {
            Files.createDirectories(settings.home);
            Path passwordFile = settings.home.resolve("initdb.pw");
            Files.writeString(passwordFile, settings.password);
            Files.createDirectories(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ServerUser.own(settings.home);
            List<String> initdb = List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
                    "-U", settings.user, "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C.UTF-8",
                    "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync");
            ManagedProcess run = ManagedProcess.start(settings.name + "-initdb", ServerUser.command(initdb), Map.of(),
                    settings.home, settings.home.resolve("initdb.log"));
            Readiness.await(run, "the end of initdb", Duration.ofMinutes(2), () -> !run.isAlive());
            Files.deleteIfExists(passwordFile);
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                throw new IllegalStateException("initdb failed for " + data + ":\n" + run.tail(20));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the PostgreSQL cluster in " + data, e);
        }
    }

    private boolean acceptsConnections() {
        try (Connection ignored = connect("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A JDBC connection as the server's superuser. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user);
        properties.setProperty("password", settings.password);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** Creates {@code database} unless it exists. */
    public void createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection connection = connect("postgres");
             PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (Statement create = connection.createStatement()) {
                    create.execute("create database " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a login role that is no superuser and may create no database or role, or sets the password
     * of the one that exists: what a service logs in as, owning its own database and nothing else.
     */
    public void createRole(String role, String password) {
        plainName(role);
        String literal = "'" + password.replace("'", "''") + "'";
        try (Connection connection = connect("postgres");
             PreparedStatement exists = connection.prepareStatement("select 1 from pg_roles where rolname = ?")) {
            exists.setString(1, role);
            boolean found = exists.executeQuery().next();
            try (Statement statement = connection.createStatement()) {
                statement.execute((found ? "alter role " : "create role ") + role
                        + " login nosuperuser nocreatedb nocreaterole noreplication password " + literal);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create role " + role + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code database} owned by {@code owner} (its schema public with it), which no other role but
     * a superuser may connect to. A database that exists must already be the owner's.
     */
    public void createDatabase(String database, String owner) {
        plainName(database);
        plainName(owner);
        try (Connection connection = connect("postgres");
             PreparedStatement query = connection.prepareStatement(
                     "select pg_get_userbyid(datdba) from pg_database where datname = ?")) {
            query.setString(1, database);
            ResultSet rows = query.executeQuery();
            if (rows.next()) {
                if (!rows.getString(1).equals(owner)) {
                    throw new IllegalStateException("The database " + database + " in " + settings.home + " belongs to "
                            + rows.getString(1) + ", not " + owner + ": it was made before each service had a role of "
                            + "its own. Start afresh (./octet up --fresh) to make it again.");
                }
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("create database " + database + " owner " + owner);
                statement.execute("revoke all on database " + database + " from public");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database + ": " + e.getMessage(), e);
        }
    }

    private static void plainName(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain name: " + name);
        }
    }

    public static final class Builder {
        private Path home;
        private int port = 5432;
        private String name = "postgres";
        private String user = DEFAULT_USER;
        private String password = DEFAULT_PASSWORD;
        private boolean durable = true;
        private Duration startTimeout = Duration.ofMinutes(1);
        private final Map<String, String> extraSettings = new LinkedHashMap<>();

        /** The folder that holds the cluster, the server log and nothing else. */
        public Builder home(Path home) {
            this.home = home.toAbsolutePath();
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder credentials(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** Whether commits survive a power cut (fsync). Tests run faster without. */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /** A server setting passed as {@code -c key=value}, e.g. max_prepared_transactions. */
        public Builder setting(String key, String value) {
            extraSettings.put(key, value);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public PostgresServer build() {
            if (home == null) {
                throw new IllegalStateException("PostgresServer needs a home folder");
            }
            return new PostgresServer(this);
        }

        public PostgresServer start() {
            return build().start();
        }
    }
}
