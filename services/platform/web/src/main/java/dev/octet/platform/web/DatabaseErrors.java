package dev.octet.platform.web;

import java.sql.SQLException;

/** Recognises PostgreSQL errors by SQLSTATE, however deeply the persistence layer wrapped them. */
public final class DatabaseErrors {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";

    private DatabaseErrors() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return hasSqlState(failure, UNIQUE_VIOLATION);
    }

    public static boolean hasSqlState(Throwable failure, String sqlState) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (suppressed != cause && hasSqlState(suppressed, sqlState)) {
                    return true;
                }
            }
        }
        return false;
    }
}
