package dev.octet.deployment;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The HTTP endpoints a probe may ask of each image, by port. */
final class Endpoints {

    /** Health endpoints of the infrastructure images, as their projects document them. */
    private static final Map<String, Map<Integer, Set<String>>> THIRD_PARTY = Map.of(
            "grafana/grafana", Map.of(3000, Set.of("/api/health")),
            "prom/prometheus", Map.of(9090, Set.of("/-/ready", "/-/healthy")),
            "quay.io/minio/minio", Map.of(9000, Set.of("/minio/health/live", "/minio/health/ready", "/minio/health/cluster")),
            "jaegertracing/jaeger", Map.of(16686, Set.of("/"), 13133, Set.of("/status")));

    private Endpoints() {
    }

    static Set<String> httpPaths(String image, int port, Optional<ServiceModule> module, Path root) {
        if (module.isPresent()) {
            return port == module.get().httpPort() && module.get().hasHealthEndpoints()
                    ? Set.of("/q/health/live", "/q/health/ready", "/q/health/started", "/q/health", "/q/metrics")
                    : Set.of();
        }
        String repository = Images.repository(image);
        if (repository.equals("otel/opentelemetry-collector-contrib")) {
            // The health_check extension, on the port infra/otel-collector/config.yaml gives it.
            String endpoint = KubernetesChecks.yaml(root.resolve("infra/otel-collector/config.yaml"))
                    .path("extensions").path("health_check").path("endpoint").asText("");
            return endpoint.endsWith(":" + port) ? Set.of("/") : Set.of();
        }
        return THIRD_PARTY.getOrDefault(repository, Map.of()).getOrDefault(port, Set.of());
    }
}
