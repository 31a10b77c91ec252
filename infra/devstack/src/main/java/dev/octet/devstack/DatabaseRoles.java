package dev.octet.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

/**
 * The PostgreSQL role each service logs in as: it owns the service's database and nothing else, and is
 * no superuser. The passwords are made up at the devstack's first start and kept in
 * {@code .octet/secrets/database-roles.properties} (readable by its owner only), so that a service that
 * learns its own password learns no other's.
 */
final class DatabaseRoles {

    /** Database, on the PostgreSQL server, and the role that owns it. */
    static final Map<String, String> OWNERS = Map.of("users", "user_service", "products", "product_service",
            "orders", "order_service", "metadata", "metadata_service");
    /** The role the query router logs in to the shards as; it owns each shard's database. */
    static final String SHARD_ROLE = "query_router";

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path file;
    private Properties passwords;

    DatabaseRoles(Path home) {
        this.file = home.resolve("secrets").resolve("database-roles.properties");
    }

    static String ownerOf(String database) {
        String role = OWNERS.get(database);
        if (role == null) {
            throw new IllegalArgumentException("No role owns the database " + database);
        }
        return role;
    }

    /** The role's password, made up and written down the first time it is asked for. */
    synchronized String password(String role) {
        if (passwords == null) {
            passwords = load();
        }
        String password = passwords.getProperty(role);
        if (password == null) {
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            passwords.setProperty(role, password);
            save();
        }
        return password;
    }

    private Properties load() {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return properties;
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (Writer writer = Files.newBufferedWriter(file)) {
                passwords.store(writer, "The devstack's PostgreSQL roles, one per service (made up at the first start)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
