package dev.octet.deployment;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which row of the README's port map a container or workload belongs to, by its name: a service by its
 * own name, infrastructure by the row that describes it. A numbered instance (chunk-server-2, shard-3)
 * takes its own port when the row lists one per instance.
 */
final class PortMapRows {

    private static final Map<String, String> ROWS = Map.of(
            "postgres", "PostgreSQL (",
            "shard", "the query router's four PostgreSQL shards",
            "kafka", "Kafka",
            "minio", "S3",
            "otel-collector", "OpenTelemetry collector",
            "jaeger", "Jaeger",
            "prometheus", "Prometheus",
            "grafana", "Grafana");
    private static final Pattern INSTANCE = Pattern.compile("(.+)-(\\d+)");

    private PortMapRows() {
    }

    /** The ports the port map gives this container; fails with a message if it has no row. */
    static List<Integer> portsOf(String name, PortMap portMap) {
        Matcher instance = INSTANCE.matcher(name);
        String base = instance.matches() ? instance.group(1) : name;
        List<Integer> ports = portMap.portsOf(ROWS.getOrDefault(base, base));
        if (instance.matches() && ports.size() > 1) {
            int n = Integer.parseInt(instance.group(2));
            if (n < 1 || n > ports.size()) {
                throw new IllegalStateException("README.md's port map lists " + ports.size() + " ports for " + base + ", not one for " + name);
            }
            return List.of(ports.get(n - 1));
        }
        return ports;
    }
}
