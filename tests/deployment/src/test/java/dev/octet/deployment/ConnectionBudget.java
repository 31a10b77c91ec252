package dev.octet.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * PostgreSQL's connection budget in a rendered overlay: every PostgreSQL server's {@code max_connections}
 * (less the slots kept for superusers) holds the connection pools of every client at its highest
 * replica count (an autoscaler's maximum, else its replicas). A server short of slots refuses the last
 * replicas to start, exactly when the load made the autoscaler add them.
 */
final class ConnectionBudget {

    /** PostgreSQL's defaults: max_connections, and superuser_reserved_connections out of them. */
    static final int DEFAULT_MAX_CONNECTIONS = 100;
    static final int RESERVED_FOR_SUPERUSERS = 3;
    /**
     * The query router's connections to a shard beyond its pool: the deadlock detector's, a health
     * probe's, the metadata database's (on the first shard) and a partition move's two.
     */
    static final int ROUTER_OWN_CONNECTIONS = 5;

    private final List<KubeObject> objects;
    private final List<ServiceModule> modules;

    private ConnectionBudget(List<KubeObject> objects, List<ServiceModule> modules) {
        this.objects = objects;
        this.modules = modules;
    }

    /** Clients' connections per PostgreSQL server workload (its Service's name), at their highest replica counts. */
    static Map<String, Integer> demand(List<KubeObject> objects, List<ServiceModule> modules) {
        return new ConnectionBudget(objects, modules).demand();
    }

    static List<String> check(List<KubeObject> objects, List<ServiceModule> modules) {
        List<String> problems = new ArrayList<>();
        demand(objects, modules).forEach((server, connections) -> {
            Optional<KubeObject> workload = objects.stream().filter(o -> o.isWorkload() && o.name().equals(server)
                    && o.containers().stream().anyMatch(c -> Images.repository(c.image()).endsWith("postgres"))).findFirst();
            if (workload.isEmpty()) {
                return;
            }
            int max = maxConnections(workload.get());
            if (connections > max - RESERVED_FOR_SUPERUSERS) {
                problems.add(workload.get().id() + ": max_connections " + max + " (" + RESERVED_FOR_SUPERUSERS + " kept for superusers), "
                        + "but its clients' pools at their highest replica counts take " + connections
                        + ": raise it (postgres -c max_connections=...) or shrink the pools");
            }
        });
        return problems;
    }

    private Map<String, Integer> demand() {
        Map<String, Integer> demand = new TreeMap<>();
        for (KubeObject workload : objects) {
            if (!workload.isWorkload() || workload.kind().equals("Job")) {
                continue;
            }
            for (KubeObject.Container container : workload.containers()) {
                Optional<ServiceModule> module = modules.stream()
                        .filter(m -> Images.repository(container.image()).equals(m.image())).findFirst();
                if (module.isEmpty()) {
                    continue;
                }
                Map<String, String> settings = settings(module.get(), container);
                int replicas = highestReplicas(workload);
                String reactive = settings.get("quarkus.datasource.reactive.url");
                if (reactive != null) {
                    int pool = integer(settings, "quarkus.datasource.reactive.max-size", 20)
                            + integer(settings, "quarkus.datasource.jdbc.max-size", 20);
                    demand.merge(server(URI.create(reactive).getHost()), replicas * pool, Integer::sum);
                }
                String shards = settings.get("octet.router.shards");
                if (shards != null) {
                    int pool = integer(settings, "octet.router.pool-size", 32) + ROUTER_OWN_CONNECTIONS;
                    // Every router holds a pool on every shard; each shard is one pod (shard-1.shard is pod
                    // shard-1 of the StatefulSet behind Service shard), so each pod sees every router's pool.
                    Set<String> servers = new TreeSet<>();
                    for (String shard : shards.split(",")) {
                        servers.add(server(shard.strip().split(":")[0]));
                    }
                    servers.forEach(server -> demand.merge(server, replicas * pool, Integer::sum));
                }
            }
        }
        return demand;
    }

    /** The workload a host name leads to: a Service's name, or for a StatefulSet pod's name, its Service. */
    private static String server(String host) {
        String[] labels = host.split("\\.");
        return labels.length >= 2 ? labels[1] : labels[0];
    }

    /** The module's application.properties, overridden by the container's environment (ConfigMaps and env). */
    private Map<String, String> settings(ServiceModule module, KubeObject.Container container) {
        Map<String, String> settings = new LinkedHashMap<>(module.applicationProperties());
        Map<String, String> environment = new LinkedHashMap<>();
        for (JsonNode source : container.node().path("envFrom")) {
            String name = source.path("configMapRef").path("name").asText();
            objects.stream().filter(o -> o.kind().equals("ConfigMap") && o.name().equals(name)).findFirst()
                    .ifPresent(map -> environment.putAll(KubeObject.strings(map.node().path("data"))));
        }
        container.node().path("env").forEach(env -> environment.put(env.path("name").asText(), env.path("value").asText()));
        Set<String> keys = new TreeSet<>(settings.keySet());
        keys.addAll(List.of("octet.router.shards", "quarkus.datasource.reactive.url"));
        for (String key : keys) {
            String value = environment.get(ConfigurationKeys.environmentName(key));
            if (value != null) {
                settings.put(key, value);
            }
        }
        return settings;
    }

    private int highestReplicas(KubeObject workload) {
        return objects.stream().filter(o -> o.kind().equals("HorizontalPodAutoscaler")
                        && o.node().path("spec").path("scaleTargetRef").path("name").asText().equals(workload.name()))
                .map(o -> o.node().path("spec").path("maxReplicas").asInt())
                .findFirst().orElse(workload.node().path("spec").path("replicas").asInt(1));
    }

    /** The server's max_connections: a -c max_connections=N in its command or arguments, else PostgreSQL's default. */
    static int maxConnections(KubeObject server) {
        for (KubeObject.Container container : server.containers()) {
            List<String> words = new ArrayList<>();
            container.node().path("command").forEach(word -> words.add(word.asText()));
            container.node().path("args").forEach(word -> words.add(word.asText()));
            for (String word : words) {
                if (word.startsWith("max_connections=")) {
                    return Integer.parseInt(word.substring("max_connections=".length()));
                }
            }
        }
        return DEFAULT_MAX_CONNECTIONS;
    }

    private static int integer(Map<String, String> settings, String key, int fallback) {
        String value = settings.get(key);
        return value == null ? fallback : Integer.parseInt(value.strip());
    }
}
