package dev.octet.local;

import java.nio.file.Path;

/** The java launcher of the running JVM, used to start Java-based servers. */
final class Java {

    private Java() {
    }

    static String executable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
