import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Small stand-ins for the Kafka distribution's command-line tools, whose classes (the kafka-tools
 * artifact) are not among the broker's jars in the local Maven repository. Each implements the
 * options docker-compose.yml, infra/kafka/create-topics.sh and a quick manual test use:
 *
 * <pre>
 *   topics               --bootstrap-server B (--list | --describe [--topic T] |
 *                        --create [--if-not-exists] --topic T [--partitions N] [--replication-factor R] |
 *                        --delete --topic T)
 *   broker-api-versions  --bootstrap-server B     (sends ApiVersions to each bootstrap address)
 *   console-producer     --bootstrap-server B --topic T   (one record per stdin line)
 *   console-consumer     --bootstrap-server B --topic T [--from-beginning] [--max-messages N]
 *                        [--timeout-ms MS] [--group G]
 * </pre>
 *
 * Exit status 0 on success, 1 on failure (message on stderr), 2 on a usage error.
 */
public final class KafkaTools {

    private KafkaTools() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            usage("a tool name: topics, broker-api-versions, console-producer, console-consumer");
        }
        Map<String, String> options = parse(args);
        try {
            switch (args[0]) {
                case "topics" -> topics(options);
                case "broker-api-versions" -> apiVersions(options);
                case "console-producer" -> produce(options);
                case "console-consumer" -> consume(options);
                default -> usage("an unknown tool " + args[0]);
            }
        } catch (ExecutionException e) {
            System.err.println("Error: " + e.getCause());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("Error: " + e);
            System.exit(1);
        }
        System.exit(0);
    }

    private static void usage(String problem) {
        System.err.println("KafkaTools: expected " + problem);
        System.exit(2);
    }

    /** --key value pairs; flags without a value map to "true". Also accepts --key=value. */
    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                usage("an option, not " + arg);
            }
            String key = arg.substring(2);
            int eq = key.indexOf('=');
            if (eq > 0) {
                options.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.put(key, args[++i]);
            } else {
                options.put(key, "true");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String key) {
        String value = options.get(key);
        if (value == null || value.equals("true")) {
            usage("--" + key + " <value>");
        }
        return value;
    }

    private static Admin admin(Map<String, String> options) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, required(options, "bootstrap-server"));
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20000);
        return Admin.create(p);
    }

    private static void topics(Map<String, String> options) throws Exception {
        try (Admin admin = admin(options)) {
            if (options.containsKey("list")) {
                new TreeMap<>(admin.listTopics().namesToListings().get(30, TimeUnit.SECONDS)).keySet()
                        .forEach(System.out::println);
            } else if (options.containsKey("create")) {
                String topic = required(options, "topic");
                int partitions = Integer.parseInt(options.getOrDefault("partitions", "-1"));
                short replicas = Short.parseShort(options.getOrDefault("replication-factor", "-1"));
                NewTopic newTopic = new NewTopic(topic,
                        partitions < 0 ? java.util.Optional.empty() : java.util.Optional.of(partitions),
                        replicas < 0 ? java.util.Optional.empty() : java.util.Optional.of(replicas));
                try {
                    admin.createTopics(List.of(newTopic)).all().get(30, TimeUnit.SECONDS);
                    System.out.println("Created topic " + topic + ".");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException && options.containsKey("if-not-exists"))) {
                        throw e;
                    }
                }
            } else if (options.containsKey("delete")) {
                admin.deleteTopics(List.of(required(options, "topic"))).all().get(30, TimeUnit.SECONDS);
            } else if (options.containsKey("describe")) {
                Set<String> names = options.containsKey("topic") ? Set.of(options.get("topic"))
                        : admin.listTopics().names().get(30, TimeUnit.SECONDS);
                Map<String, TopicDescription> descriptions = new TreeMap<>(
                        admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS));
                for (TopicDescription d : descriptions.values()) {
                    System.out.printf("Topic: %s\tTopicId: %s\tPartitionCount: %d\tReplicationFactor: %d%n",
                            d.name(), d.topicId(), d.partitions().size(),
                            d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size());
                    for (TopicPartitionInfo p : d.partitions()) {
                        System.out.printf("\tTopic: %s\tPartition: %d\tLeader: %s\tReplicas: %s\tIsr: %s%n", d.name(),
                                p.partition(), p.leader() == null ? "none" : p.leader().idString(),
                                ids(p.replicas()), ids(p.isr()));
                    }
                }
            } else {
                usage("--list, --describe, --create or --delete");
            }
        }
    }

    private static String ids(List<org.apache.kafka.common.Node> nodes) {
        return String.join(",", nodes.stream().map(org.apache.kafka.common.Node::idString).toList());
    }

    /**
     * An ApiVersions request (version 0) to each bootstrap address, answered by the broker itself:
     * no metadata, so no advertised address needs to resolve. Fails unless every address answers.
     */
    private static void apiVersions(Map<String, String> options) throws Exception {
        for (String address : required(options, "bootstrap-server").split(",")) {
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon);
            int port = Integer.parseInt(address.substring(colon + 1));
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 5000);
                socket.setSoTimeout(5000);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                byte[] clientId = "kafka-tools".getBytes(StandardCharsets.UTF_8);
                out.writeInt(2 + 2 + 4 + 2 + clientId.length); // size of what follows
                out.writeShort(ApiKeys.API_VERSIONS.id);
                out.writeShort(0); // request version
                out.writeInt(1); // correlation id
                out.writeShort(clientId.length);
                out.write(clientId);
                out.flush();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                in.readInt(); // size
                if (in.readInt() != 1) {
                    throw new IllegalStateException(address + " answered another request");
                }
                short error = in.readShort();
                int count = in.readInt();
                List<String> versions = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    short key = in.readShort();
                    short min = in.readShort();
                    short max = in.readShort();
                    String name = ApiKeys.hasId(key) ? ApiKeys.forId(key).name : "Unknown";
                    versions.add("\t" + name + "(" + key + "): " + min + " to " + max);
                }
                if (error != 0 || count == 0) {
                    throw new IllegalStateException(address + " answered ApiVersions with error code " + error);
                }
                System.out.println(address + " -> (");
                System.out.println(String.join(",\n", versions));
                System.out.println(")");
            }
        }
    }

    private static void produce(Map<String, String> options) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, required(options, "bootstrap-server"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        String topic = required(options, "topic");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p);
             BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                producer.send(new ProducerRecord<>(topic, line)).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static void consume(Map<String, String> options) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, required(options, "bootstrap-server"));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.GROUP_ID_CONFIG,
                options.getOrDefault("group", "console-consumer-" + ProcessHandle.current().pid()));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, options.containsKey("from-beginning") ? "earliest" : "latest");
        long max = Long.parseLong(options.getOrDefault("max-messages", String.valueOf(Long.MAX_VALUE)));
        long timeoutMs = Long.parseLong(options.getOrDefault("timeout-ms", String.valueOf(Long.MAX_VALUE)));
        long seen = 0;
        long idleSince = System.currentTimeMillis();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(required(options, "topic")));
            while (seen < max) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    if (System.currentTimeMillis() - idleSince > timeoutMs) {
                        break;
                    }
                    continue;
                }
                idleSince = System.currentTimeMillis();
                for (ConsumerRecord<String, String> record : records) {
                    System.out.println(record.value());
                    if (++seen >= max) {
                        break;
                    }
                }
            }
            consumer.commitSync();
        }
        System.err.println("Processed a total of " + seen + " messages");
    }
}
