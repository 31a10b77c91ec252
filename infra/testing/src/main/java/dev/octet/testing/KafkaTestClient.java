package dev.octet.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plain Kafka clients for tests against the shared test broker: send records (CloudEvents in
 * binary mode, or anything at all) and record what lands on topics.
 */
public final class KafkaTestClient implements AutoCloseable {

    private final String bootstrapServers;
    private final KafkaProducer<String, String> producer;
    private final List<Recorder> recorders = new ArrayList<>();

    public KafkaTestClient() {
        this(TestInfrastructure.kafkaBootstrapServers());
    }

    public KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Sends a CloudEvent in binary mode, as the services' outbox relays do. */
    public void sendCloudEvent(String topic, String key, String id, String type, String jsonData) {
        Map<String, String> headers = new HashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", id);
        headers.put("ce_type", type);
        headers.put("ce_source", "/octet/test");
        headers.put("ce_time", OffsetDateTime.now().toString());
        headers.put("content-type", "application/json");
        send(topic, key, headers, jsonData);
    }

    /** Sends any record and waits for the broker's acknowledgement. */
    public void send(String topic, String key, Map<String, String> headers, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    /** Starts recording every record of {@code topic}, from its beginning. */
    public Recorder record(String topic) {
        Recorder recorder = new Recorder(topic);
        recorders.add(recorder);
        return recorder;
    }

    @Override
    public void close() {
        recorders.forEach(Recorder::close);
        producer.close(Duration.ofSeconds(5));
    }

    /** A received record: key, value and headers as strings. */
    public record Received(String key, String value, Map<String, String> headers) {

        public String type() {
            return headers.get("ce_type");
        }
    }

    /** Consumes one topic in the background into a list tests can poll with Awaitility. */
    public final class Recorder implements AutoCloseable {

        private final List<Received> received = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        private Recorder(String topic) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-recorder-" + UUID.randomUUID());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            thread = new Thread(() -> {
                try (KafkaConsumer<String, String> consumer =
                             new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
                    consumer.subscribe(List.of(topic));
                    while (running.get()) {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            Map<String, String> headers = new HashMap<>();
                            for (Header header : record.headers()) {
                                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                            }
                            received.add(new Received(record.key(), record.value(), headers));
                        }
                    }
                }
            }, "kafka-recorder-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        public List<Received> received() {
            return List.copyOf(received);
        }

        /** Records whose key is {@code key}. */
        public List<Received> withKey(String key) {
            return received.stream().filter(r -> key.equals(r.key())).toList();
        }

        @Override
        public void close() {
            running.set(false);
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
