package dev.octet.metadata.rest;

import static dev.octet.metadata.rest.MetadataApi.heartbeats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.octet.testing.IdentityResource;
import dev.octet.testing.KafkaResource;
import dev.octet.testing.PostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The failure detector against a heartbeat that arrives while it is marking the server dead. The
 * test holds the server's row lock (as a heartbeat in progress does) until the server has been
 * silent long enough and the detector is waiting for that row, then commits the heartbeat: the
 * heartbeat must survive, not be overwritten with the old time (and the server marked dead).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = IdentityResource.class, restrictToAnnotatedClass = false)
class HeartbeatRaceIT {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aHeartbeatCommittedWhileTheDetectorWaitsIsNotOverwritten() throws SQLException {
        String server = "race-" + UUID.randomUUID().toString().substring(0, 8);
        heartbeats(server);
        int detector;
        Timestamp heartbeatAt;
        try (Connection heartbeat = dataSource.getConnection()) {
            heartbeat.setAutoCommit(false);
            int heartbeatPid = backendPid(heartbeat);
            try (PreparedStatement lock = heartbeat.prepareStatement("select 1 from chunk_server where id = ? for update")) {
                lock.setString(1, server);
                lock.executeQuery().close();
            }
            // Silent past dead-after, the server is the detector's: it now waits for the row.
            detector = await("the failure detector waiting for the server's row").atMost(Duration.ofSeconds(30))
                    .until(() -> waitingFor(heartbeatPid), pid -> pid > 0);
            // clock_timestamp(), not now(): now() is when this transaction began, seconds ago.
            try (PreparedStatement beat = heartbeat.prepareStatement("update chunk_server set state = 'ALIVE', "
                    + "last_heartbeat_at = clock_timestamp() where id = ? returning last_heartbeat_at")) {
                beat.setString(1, server);
                try (ResultSet beaten = beat.executeQuery()) {
                    assertThat(beaten.next()).isTrue();
                    heartbeatAt = beaten.getTimestamp(1);
                }
            }
            heartbeat.commit();
        }
        await("the failure detector's transaction done").atMost(Duration.ofSeconds(10)).until(() -> idle(detector));
        // The heartbeat survives. (Checking the time rather than the state keeps the test right even if
        // the server, silent again, is later marked dead as it should be.)
        assertThat(lastHeartbeatAt(server)).isEqualTo(heartbeatAt);
    }

    private Timestamp lastHeartbeatAt(String server) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "select last_heartbeat_at from chunk_server where id = ?")) {
            query.setString(1, server);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return row.getTimestamp(1);
            }
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (ResultSet pid = connection.createStatement().executeQuery("select pg_backend_pid()")) {
            pid.next();
            return pid.getInt(1);
        }
    }

    /** The backend waiting for a lock {@code holder} holds, or 0. */
    private int waitingFor(int holder) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "select pid from pg_stat_activity where ? = any(pg_blocking_pids(pid))")) {
            query.setInt(1, holder);
            try (ResultSet waiting = query.executeQuery()) {
                return waiting.next() ? waiting.getInt(1) : 0;
            }
        }
    }

    private boolean idle(int backend) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "select state from pg_stat_activity where pid = ?")) {
            query.setInt(1, backend);
            try (ResultSet state = query.executeQuery()) {
                return !state.next() || "idle".equals(state.getString(1));
            }
        }
    }
}
