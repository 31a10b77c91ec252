package dev.octet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the PostgreSQL server binaries installed on this machine (and its tools, such as pgbench). */
public final class PostgresBinaries {

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    private PostgresBinaries() {
    }

    /** {@code $OCTET_POSTGRES_BIN}, else the newest {@code /usr/lib/postgresql/<version>/bin}. */
    public static Path locate() {
        String configured = System.getenv("OCTET_POSTGRES_BIN");
        if (configured != null && !configured.isBlank()) {
            return requireServer(Path.of(configured));
        }
        return newestDebianInstall().orElseThrow(() -> new IllegalStateException(
                "No PostgreSQL server binaries found under " + DEBIAN_ROOT + ". Install them "
                        + "(apt-get install postgresql) or point OCTET_POSTGRES_BIN at a folder holding initdb and postgres."));
    }

    /** One of the installed PostgreSQL programs, such as {@code pgbench} or {@code psql}. */
    public static Path tool(String name) {
        Path tool = locate().resolve(name);
        if (!Files.isExecutable(tool)) {
            throw new IllegalStateException(tool + " is not installed (apt-get install postgresql)");
        }
        return tool;
    }

    private static Optional<Path> newestDebianInstall() {
        if (!Files.isDirectory(DEBIAN_ROOT)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_ROOT)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("postgres")))
                    .max(Comparator.comparingInt(PostgresBinaries::majorVersion));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Path requireServer(Path bin) {
        if (!Files.isExecutable(bin.resolve("postgres")) || !Files.isExecutable(bin.resolve("initdb"))) {
            throw new IllegalStateException(bin + " does not hold executable initdb and postgres binaries");
        }
        return bin;
    }
}
