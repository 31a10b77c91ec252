package dev.octet.metadata.service;

import dev.octet.platform.web.ProblemException;

/** The file system's errors, each with a stable problem type. */
public final class FileSystemProblems {

    private FileSystemProblems() {
    }

    public static ProblemException notFound(String path) {
        return ProblemException.notFound("No file or directory at " + path + ".");
    }

    public static ProblemException isDirectory(String path) {
        return ProblemException.conflict("is-a-directory", path + " is a directory.");
    }

    public static ProblemException notDirectory(String path) {
        return ProblemException.conflict("not-a-directory", path + " is a file, not a directory.");
    }

    public static ProblemException exists(String path) {
        return ProblemException.conflict("already-exists", "Something already exists at " + path + ".");
    }

    public static ProblemException notEmpty(String path) {
        return ProblemException.conflict("directory-not-empty",
                "The directory " + path + " is not empty; delete it with recursive=true to delete its contents too.");
    }

    public static ProblemException leaseHeld(String path, String until) {
        return ProblemException.conflict("lease-held",
                "Another writer holds the lease on " + path + " until " + until + "; one writer at a time.");
    }

    public static ProblemException leaseLost(String detail) {
        return ProblemException.conflict("lease-lost", detail);
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(412, "precondition-failed", "Precondition failed", detail);
    }

    public static ProblemException notEnoughServers(int alive, int needed) {
        return new ProblemException(503, "not-enough-chunk-servers", "Not enough chunk servers",
                "Only " + alive + " chunk server(s) can take a chunk; a write needs " + needed + ".");
    }

    public static ProblemException invalidPath(String detail) {
        return new ProblemException(400, "invalid-path", "Invalid path", detail);
    }
}
