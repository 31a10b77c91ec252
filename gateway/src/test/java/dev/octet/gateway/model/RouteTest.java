package dev.octet.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTest {

    private final Route users = new Route("users", "user-service", "/api/users", "/users",
            List.of(URI.create("http://127.0.0.1:8081")), TokenRequirement.WRITES,
            List.of(PublicEndpoint.parse("POST /api/users"), PublicEndpoint.parse("post /api/users/login")),
            Duration.ofSeconds(30), false);

    @Test
    void matchesThePrefixOnWholeSegments() {
        assertThat(users.matches("/api/users")).isTrue();
        assertThat(users.matches("/api/users/")).isTrue();
        assertThat(users.matches("/api/users/42/orders")).isTrue();
        assertThat(users.matches("/api/usersX")).isFalse();
        assertThat(users.matches("/api/user")).isFalse();
        assertThat(users.matches("/api")).isFalse();
    }

    @Test
    void rewritesThePrefixAndKeepsTheQuery() {
        assertThat(users.upstreamUri("/api/users", null)).isEqualTo("/users");
        assertThat(users.upstreamUri("/api/users/", null)).isEqualTo("/users/");
        assertThat(users.upstreamUri("/api/users/login", null)).isEqualTo("/users/login");
        assertThat(users.upstreamUri("/api/users", "page=2&size=20")).isEqualTo("/users?page=2&size=20");
        assertThat(users.upstreamUri("/api/users/a%20b", "")).isEqualTo("/users/a%20b");
    }

    @Test
    void rewritesToAndFromTheRoot() {
        Route toRoot = new Route("files", "metadata-service", "/api/files", "/", users.targets(), TokenRequirement.ALL,
                List.of(), Duration.ofSeconds(30), false);
        assertThat(toRoot.upstreamUri("/api/files", null)).isEqualTo("/");
        assertThat(toRoot.upstreamUri("/api/files/a/b", "x=1")).isEqualTo("/a/b?x=1");

        Route fromRoot = new Route("all", "legacy", "/", "/v1", users.targets(), TokenRequirement.NONE,
                List.of(), Duration.ofSeconds(30), false);
        assertThat(fromRoot.matches("/anything")).isTrue();
        assertThat(fromRoot.upstreamUri("/anything", null)).isEqualTo("/v1/anything");
    }

    @Test
    void writesNeedATokenExceptThePublicOnes() {
        assertThat(users.needsToken(HttpMethod.GET, "/api/users/1")).isFalse();
        assertThat(users.needsToken(HttpMethod.HEAD, "/api/users/1")).isFalse();
        assertThat(users.needsToken(HttpMethod.OPTIONS, "/api/users")).isFalse();
        assertThat(users.needsToken(HttpMethod.PUT, "/api/users/1")).isTrue();
        assertThat(users.needsToken(HttpMethod.PATCH, "/api/users/1")).isTrue();
        assertThat(users.needsToken(HttpMethod.DELETE, "/api/users/1")).isTrue();
        assertThat(users.needsToken(HttpMethod.POST, "/api/users/1/avatar")).isTrue();
        assertThat(users.needsToken(HttpMethod.POST, "/api/users")).isFalse();
        assertThat(users.needsToken(HttpMethod.POST, "/api/users/login")).isFalse();
        assertThat(users.needsToken(HttpMethod.POST, "/api/users/login/")).isFalse();
        assertThat(users.needsToken(HttpMethod.PUT, "/api/users/login")).isTrue();
    }

    @Test
    void allAndNoneAreHonoured() {
        Route all = new Route("files", "metadata-service", "/api/files", "/files", users.targets(),
                TokenRequirement.ALL, List.of(PublicEndpoint.parse("GET /api/files/health")), Duration.ofSeconds(30), false);
        assertThat(all.needsToken(HttpMethod.GET, "/api/files/a")).isTrue();
        assertThat(all.needsToken(HttpMethod.GET, "/api/files/health")).isFalse();

        Route none = new Route("open", "open-service", "/api/open", "/open", users.targets(),
                TokenRequirement.NONE, List.of(), Duration.ofSeconds(30), false);
        assertThat(none.needsToken(HttpMethod.DELETE, "/api/open/a")).isFalse();
    }

    @Test
    void publicEndpointsMustNameAMethodAndAPath() {
        assertThatThrownBy(() -> PublicEndpoint.parse("/api/users")).hasMessageContaining("METHOD /path");
        assertThatThrownBy(() -> PublicEndpoint.parse("POST api/users")).hasMessageContaining("METHOD /path");
    }
}
