package dev.octet.gateway.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.gateway.config.GatewayConfig;
import dev.octet.gateway.model.Route;
import dev.octet.gateway.model.TokenRequirement;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The route table as configuration builds it: application.properties, overridden and extended by environment variables. */
class RouteTableTest {

    @Test
    void theShippedConfigurationRoutesTheThreeServices() {
        RouteTable table = RouteTable.from(config(Map.of()));

        assertThat(table.match("/api/users/login").map(Route::service)).contains("user-service");
        assertThat(table.match("/api/products/9").map(Route::upstreamPath)).contains("/products");
        assertThat(table.match("/api/orders").map(Route::targets)).contains(List.of(URI.create("http://127.0.0.1:8083")));
        assertThat(table.match("/api/other")).isEmpty();
        assertThat(table.match("/q/health")).isEmpty();
    }

    @Test
    void environmentVariablesMoveTargetsAndAddReplicas() {
        RouteTable table = RouteTable.from(config(Map.of(
                "OCTET_GATEWAY_ROUTES_PRODUCTS_TARGETS", "http://product-service-0:8082,http://product-service-1:8082")));

        assertThat(table.match("/api/products").orElseThrow().targets()).containsExactly(
                URI.create("http://product-service-0:8082"), URI.create("http://product-service-1:8082"));
    }

    @Test
    void aNewRouteIsOnlyConfiguration() {
        Map<String, String> environment = new HashMap<>();
        environment.put("OCTET_GATEWAY_ROUTES_FILES_SERVICE", "metadata-service");
        environment.put("OCTET_GATEWAY_ROUTES_FILES_PREFIX", "/api/files");
        environment.put("OCTET_GATEWAY_ROUTES_FILES_UPSTREAM_PATH", "/files");
        environment.put("OCTET_GATEWAY_ROUTES_FILES_TARGETS", "http://127.0.0.1:8085");
        environment.put("OCTET_GATEWAY_ROUTES_FILES_AUTH", "all");
        environment.put("OCTET_GATEWAY_ROUTES_FILES_IDLE_TIMEOUT", "2m");

        Route files = RouteTable.from(config(environment)).match("/api/files/reports/q3.pdf").orElseThrow();

        assertThat(files.name()).isEqualTo("files");
        assertThat(files.service()).isEqualTo("metadata-service");
        assertThat(files.upstreamUri("/api/files/reports/q3.pdf", null)).isEqualTo("/files/reports/q3.pdf");
        assertThat(files.tokenRequirement()).isEqualTo(TokenRequirement.ALL);
        assertThat(files.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(RouteTable.from(config(environment)).match("/api/users").orElseThrow().idleTimeout())
                .isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theLongestPrefixWins() {
        RouteTable table = RouteTable.from(config(Map.of(
                "OCTET_GATEWAY_ROUTES_ADMIN_PREFIX", "/api/users/admin/",
                "OCTET_GATEWAY_ROUTES_ADMIN_UPSTREAM_PATH", "/admin",
                "OCTET_GATEWAY_ROUTES_ADMIN_TARGETS", "http://127.0.0.1:9999")));

        assertThat(table.match("/api/users/admin/keys").map(Route::name)).contains("admin");
        assertThat(table.match("/api/users/administrator").map(Route::name)).contains("users");
    }

    @Test
    void mistakesNameTheKey() {
        assertThatThrownBy(() -> RouteTable.from(config(Map.of("OCTET_GATEWAY_ROUTES_ORDERS_PREFIX", "api/orders"))))
                .hasMessageContaining("octet.gateway.routes.orders.prefix").hasMessageContaining("must start with /");
        assertThatThrownBy(() -> RouteTable.from(config(Map.of("OCTET_GATEWAY_ROUTES_ORDERS_TARGETS", "https://x:1/base"))))
                .hasMessageContaining("octet.gateway.routes.orders.targets");
        assertThatThrownBy(() -> RouteTable.from(config(Map.of("OCTET_GATEWAY_ROUTES_ORDERS_PREFIX", "/api/users"))))
                .hasMessageContaining("also the prefix of route");
        assertThatThrownBy(() -> RouteTable.from(config(Map.of("OCTET_GATEWAY_ROUTES_USERS_PUBLIC_ENDPOINTS", "login"))))
                .hasMessageContaining("octet.gateway.routes.users.public-endpoints");
    }

    private static GatewayConfig config(Map<String, String> environment) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(applicationProperties(), "application.properties", 250))
                .withSources(new EnvConfigSource(environment, 300))
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(GatewayConfig.class)
                .build();
        return config.getConfigMapping(GatewayConfig.class);
    }

    private static Map<String, String> applicationProperties() {
        try (InputStream in = RouteTableTest.class.getResourceAsStream("/application.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            Map<String, String> map = new HashMap<>();
            properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
