package dev.octet.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL refuses to run as root. When this JVM is root, server commands run as the
 * {@code postgres} account (through {@code setpriv}, which execs in place so the process we hold is
 * the server itself) and the server's folders are handed to that account.
 */
final class ServerUser {

    private static final String ACCOUNT = "postgres";

    private ServerUser() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static List<String> command(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + ACCOUNT, "--regid=" + ACCOUNT,
                "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives {@code folder} (and everything in it) to the server account when running as root. */
    static void own(Path folder) {
        if (!isRoot()) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = folder.getFileSystem().getUserPrincipalLookupService();
            var user = lookup.lookupPrincipalByName(ACCOUNT);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(ACCOUNT);
            try (var paths = Files.walk(folder)) {
                for (Path path : (Iterable<Path>) paths::iterator) {
                    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
                    view.setOwner(user);
                    view.setGroup(group);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot hand " + folder + " to the " + ACCOUNT
                    + " account (PostgreSQL will not run as root); does the account exist?", e);
        }
    }
}
