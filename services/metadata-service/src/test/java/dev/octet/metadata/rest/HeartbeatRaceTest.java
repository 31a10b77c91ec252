package dev.octet.metadata.rest;

import static dev.octet.metadata.rest.MetadataApi.heartbeats;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The failure detector against a heartbeat that arrives while it is marking the server dead. The
 * test holds the server's row lock (as a heartbeat in progress does) until the server has been
 * silent long enough and the detector is waiting for that row, then commits the heartbeat: the
 * server must stay alive, not be overwritten with its old heartbeat time.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class HeartbeatRaceTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aHeartbeatCommittedWhileTheDetectorWaitsKeepsTheServerAlive() throws SQLException {
        String server = "race-" + UUID.randomUUID().toString().substring(0, 8);
        heartbeats(server);
        int detector;
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
            try (PreparedStatement beat = heartbeat.prepareStatement(
                    "update chunk_server set state = 'ALIVE', last_heartbeat_at = now() where id = ?")) {
                beat.setString(1, server);
                assertThat(beat.executeUpdate()).isEqualTo(1);
            }
            heartbeat.commit();
        }
        await("the failure detector's transaction done").atMost(Duration.ofSeconds(10)).until(() -> idle(detector));
        assertThat(given().get("/chunk-servers").then().statusCode(200).extract().jsonPath()
                .getString("find { it.id == '" + server + "' }.state")).isEqualTo("ALIVE");
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
