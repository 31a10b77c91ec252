package dev.octet.platform.web;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Set;

/** Recognises PostgreSQL errors by SQLSTATE, however deeply the persistence layer wrapped them. */
public final class DatabaseErrors {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String CHECK_VIOLATION = "23514";

    /**
     * Failures that say nothing about the request and pass if it is tried again: the database (or the
     * shard of a distributed database that holds the data) cannot be reached, is shutting down or has
     * no connection to spare, or the transaction lost a deadlock or a serialization conflict.
     */
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "53300", "40001", "40P01");

    private DatabaseErrors() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        return hasSqlState(failure, UNIQUE_VIOLATION);
    }

    public static boolean hasSqlState(Throwable failure, String sqlState) {
        return sqlStateOf(failure, state -> state.equals(sqlState)) != null;
    }

    /**
     * True if {@code failure} is a database failure that a retry may cure: SQLSTATE class 08 (connection
     * exception: the database, or one shard of it, is unreachable), an administrator shutdown, too many
     * connections, a deadlock or serialization failure, or no connection at all to the database.
     */
    public static boolean isTransient(Throwable failure) {
        if (sqlStateOf(failure, state -> state.startsWith("08") || TRANSIENT_STATES.contains(state)) != null) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The SQLSTATE one exception carries: a JDBC {@link SQLException}'s, or that of the reactive
     * client's {@code DatabaseException} (read by name, so that this module needs no database client).
     */
    private static String sqlState(Throwable failure) {
        if (failure instanceof SQLException sql) {
            return sql.getSQLState();
        }
        try {
            Object state = failure.getClass().getMethod("getSqlState").invoke(failure);
            return state instanceof String text ? text : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The SQLSTATE of the first SQLException in the chain (or its suppressed) that {@code wanted} accepts, or null. */
    private static String sqlStateOf(Throwable failure, java.util.function.Predicate<String> wanted) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String state = sqlState(cause);
            if (state != null && wanted.test(state)) {
                return state;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (suppressed != cause) {
                    String found = sqlStateOf(suppressed, wanted);
                    if (found != null) {
                        return found;
                    }
                }
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
