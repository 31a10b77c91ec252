package dev.octet.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The files compose and k8s both mount (infra/): they make what the devstack makes, and the Grafana
 * dashboards fit their data sources.
 */
class InfrastructureConfigTest {

    private static final Repository REPOSITORY = Repository.current();
    private static final String STACK_DEFINITION = "dev.octet.devstack.StackDefinition";

    /** A {@code static final List<String>} of the devstack's StackDefinition (a test dependency of this module). */
    @SuppressWarnings("unchecked")
    private static List<String> devstackList(String name) {
        try {
            Field list = Class.forName(STACK_DEFINITION).getDeclaredField(name);
            list.setAccessible(true);
            return List.copyOf((List<String>) list.get(null));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(STACK_DEFINITION + " has no list " + name, e);
        }
    }

    /** A {@code static final Map<String, String>} of a devstack class. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> devstackMap(String owner, String name) {
        try {
            Field map = Class.forName(owner).getDeclaredField(name);
            map.setAccessible(true);
            return Map.copyOf((Map<String, String>) map.get(null));
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(owner + " has no map " + name, e);
        }
    }

    @Test
    void theTopicsAreTheDevstacksWithThreePartitionsEach() {
        List<String> topics = new ArrayList<>();
        for (String line : REPOSITORY.read("infra/kafka/topics").lines().toList()) {
            String[] fields = line.strip().split("\\s+");
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(fields).as("infra/kafka/topics: %s", line).hasSize(2);
                assertThat(fields[1]).as("infra/kafka/topics: partitions of %s", fields[0]).isEqualTo("3");
                topics.add(fields[0]);
            }
        }
        assertThat(topics).as("infra/kafka/topics against %s TOPICS", STACK_DEFINITION)
                .containsExactlyInAnyOrderElementsOf(devstackList("TOPICS"));
    }

    @Test
    void thePostgresInitScriptMakesTheDevstacksDatabasesEachOwnedByTheDevstacksRole() {
        Map<String, String> owners = new HashMap<>();
        Matcher database = Pattern.compile("(?m)^octet_database (\\w+) (\\w+) ").matcher(REPOSITORY.read("infra/postgres/init/01-databases.sh"));
        while (database.find()) {
            owners.put(database.group(1), database.group(2));
        }
        assertThat(owners.keySet()).as("infra/postgres/init/01-databases.sh against %s DATABASES", STACK_DEFINITION)
                .containsExactlyInAnyOrderElementsOf(devstackList("DATABASES"));
        assertThat(owners).as("the owner of each database, against the devstack's DatabaseRoles.OWNERS")
                .isEqualTo(devstackMap("dev.octet.devstack.DatabaseRoles", "OWNERS"));
        assertThat(REPOSITORY.read("infra/postgres/shard-init/01-query-router.sh")).contains("--set role=query_router");
    }

    /**
     * Quarkus takes a trusted-proxies entry it cannot read as an address for a host name and looks it up
     * in DNS on every request: with {@code ::1} under the images' IPv4-only JVMs, requests stalled for
     * seconds. Every value, in the platform's defaults, compose and k8s, is IPv4 addresses and blocks.
     */
    @Test
    void trustedProxiesAreIpv4AddressesOrBlocksNeverNames() {
        Pattern setting = Pattern.compile("(?m)(?:quarkus\\.http\\.proxy\\.trusted-proxies=|QUARKUS_HTTP_PROXY_TRUSTED_PROXIES[=:] ?)(\\S+)$");
        Pattern ipv4 = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}(/\\d{1,2})?");
        // The platform's defaults, read as ConfigurationKeys reads them.
        List<Path> files = new ArrayList<>(List.of(
                REPOSITORY.resolve("services/platform/web").resolve("src/main/resources/META-INF/microprofile-config.properties"),
                REPOSITORY.resolve("docker-compose.yml")));
        for (File folder : REPOSITORY.resolve("k8s/base").toFile().listFiles(File::isDirectory)) {
            files.add(folder.toPath().resolve("kustomization.yaml"));
        }
        int values = 0;
        for (Path file : files) {
            Matcher value = setting.matcher(Repository.Files2.read(file));
            while (value.find()) {
                values++;
                for (String entry : value.group(1).split(",")) {
                    assertThat(entry).as("a trusted proxy in %s", file).matches(ipv4);
                }
            }
        }
        assertThat(values).as("trusted-proxies settings found").isGreaterThanOrEqualTo(13);
    }

    @Test
    void thereIsADashboardPerArchitectureTypeUsingOnlyProvisionedDataSources() throws Exception {
        JsonNode datasources = KubernetesChecks.yaml(REPOSITORY.resolve("infra/grafana/provisioning/datasources/datasources.yml"));
        Set<String> uids = new HashSet<>();
        datasources.path("datasources").forEach(source -> uids.add(source.path("uid").asText()));
        Set<String> dashboardUids = new HashSet<>();
        for (String type : List.of("microservices", "file-system", "distributed-database", "client-server")) {
            File file = REPOSITORY.resolve("infra/grafana/dashboards/" + type + ".json").toFile();
            JsonNode dashboard = new ObjectMapper().readTree(file);
            assertThat(dashboardUids.add(dashboard.path("uid").asText())).as("unique uid of %s", file).isTrue();
            assertThat(dashboard.path("panels").size()).as("panels of %s", file).isPositive();
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    assertThat(uids).as("%s panel \"%s\" queries a provisioned data source", file, panel.path("title").asText())
                            .contains(target.path("datasource").path("uid").asText());
                    assertThat(target.path("expr").asText()).as("%s panel \"%s\"", file, panel.path("title").asText()).isNotBlank();
                }
            }
        }
    }

    /**
     * Every Kafka consumer keeps its backlog in Kafka: it queues at most 64 records (max.poll.records times
     * max-queue-size-factor), and the connector reports it failed (throttled.unprocessed-record-max-age.ms)
     * only after two minutes at least, longer than a record is retried (octet.events.retry-for, 60 s): so
     * that overload or a database briefly away never makes it report a consumer failed that is not stuck.
     */
    @Test
    void everyKafkaConsumerQueuesAFewRecordsAndLeavesTheBacklogInKafka() {
        Pattern incoming = Pattern.compile("mp\\.messaging\\.incoming\\.([\\w.-]+)\\.connector");
        List<String> consumers = new ArrayList<>();
        for (ServiceModule module : REPOSITORY.serviceModules()) {
            Map<String, String> properties = module.applicationProperties();
            properties.forEach((key, value) -> {
                Matcher channel = incoming.matcher(key);
                if (channel.matches() && value.equals("smallrye-kafka")) {
                    String prefix = "mp.messaging.incoming." + channel.group(1) + ".";
                    int fetched = Integer.parseInt(properties.getOrDefault(prefix + "max.poll.records", "500"));
                    int factor = Integer.parseInt(properties.getOrDefault(prefix + "max-queue-size-factor", "2"));
                    consumers.add(module.name() + " " + channel.group(1));
                    assertThat(fetched * factor).as("%s, channel %s: records queued", module.name(), channel.group(1))
                            .isLessThanOrEqualTo(64);
                    long maxAge = Long.parseLong(properties.getOrDefault(prefix + "throttled.unprocessed-record-max-age.ms", "60000"));
                    assertThat(maxAge).as("%s, channel %s: ms before an unacknowledged record fails it", module.name(),
                            channel.group(1)).isGreaterThanOrEqualTo(120_000);
                }
            });
        }
        assertThat(consumers).contains("product-service orders", "order-service stock");
    }
}
