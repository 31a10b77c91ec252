package dev.octet.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseErrorsTest {

    @ParameterizedTest
    @ValueSource(strings = {"08000", "08001", "08003", "08006", "57P01", "57P02", "57P03", "53300", "40001", "40P01"})
    void connectionShutdownCapacityAndConflictStatesAreTransient(String sqlState) {
        assertThat(DatabaseErrors.isTransient(new SQLException("failed", sqlState))).isTrue();
        assertThat(DatabaseErrors.isTransient(new PgException("failed", "ERROR", sqlState, null))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"23505", "23514", "42P01", "42601", "22P02", "0A000", "57014"})
    void errorsInTheRequestItselfAreNot(String sqlState) {
        assertThat(DatabaseErrors.isTransient(new SQLException("failed", sqlState))).isFalse();
        assertThat(DatabaseErrors.isTransient(new PgException("failed", "ERROR", sqlState, null))).isFalse();
    }

    @Test
    void theStateIsFoundHoweverDeeplyItIsWrapped() {
        Throwable wrapped = new CompletionException(new IllegalStateException("session failed",
                new RuntimeException(new PgException("terminating connection", "FATAL", "57P01", null))));
        assertThat(DatabaseErrors.isTransient(wrapped)).isTrue();

        RuntimeException withSuppressed = new RuntimeException("rollback failed too");
        withSuppressed.addSuppressed(new SQLException("deadlock detected", "40P01"));
        assertThat(DatabaseErrors.isTransient(withSuppressed)).isTrue();
    }

    @Test
    void noConnectionAtAllIsTransient() {
        assertThat(DatabaseErrors.isTransient(new IllegalStateException(new ConnectException("Connection refused"))))
                .isTrue();
    }

    @Test
    void failuresWithoutADatabaseCauseAreNot() {
        assertThat(DatabaseErrors.isTransient(new IllegalArgumentException("bad"))).isFalse();
        assertThat(DatabaseErrors.isTransient(new SQLException("no state"))).isFalse();
    }

    @Test
    void uniqueViolationsAreRecognisedThroughTheChain() {
        assertThat(DatabaseErrors.isUniqueViolation(new RuntimeException(new PgException("dup", "ERROR", "23505", null))))
                .isTrue();
        assertThat(DatabaseErrors.isUniqueViolation(new SQLException("check", DatabaseErrors.CHECK_VIOLATION))).isFalse();
        assertThat(DatabaseErrors.hasSqlState(new SQLException("check", "23514"), DatabaseErrors.CHECK_VIOLATION)).isTrue();
    }
}
