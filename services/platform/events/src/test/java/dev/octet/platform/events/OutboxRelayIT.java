package dev.octet.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.octet.testing.KafkaResource;
import dev.octet.testing.KafkaTestClient;
import dev.octet.testing.PostgresResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transactional outbox on a real database and broker: events appended in a transaction are
 * published in order as CloudEvents, and a row is deleted only once Kafka has acknowledged its batch.
 * The tests run the relay themselves (its timer is set to an hour).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class OutboxRelayIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static KafkaTestClient kafka;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    public record Step(int seq) {
    }

    @Test
    void eventsArePublishedInOrderAsCloudEventsAndThenDeleted() throws Throwable {
        String topic = "relay-order-" + UUID.randomUUID();
        KafkaTestClient.Recorder published = kafka.record(topic);
        append(IntStream.range(0, 30).mapToObj(i -> DomainEvent.of(topic, "aggregate-1", "dev.octet.test.step", new Step(i)))
                .toList());
        assertThat(waiting(topic)).isEqualTo(30);

        relayOnce();

        await().atMost(TIMEOUT).until(() -> published.received().size() == 30);
        List<KafkaTestClient.Received> records = published.received();
        assertThat(records).extracting(KafkaTestClient.Received::value)
                .containsExactlyElementsOf(IntStream.range(0, 30).mapToObj(i -> "{\"seq\":" + i + "}").toList());
        assertThat(records).allSatisfy(record -> {
            assertThat(record.key()).isEqualTo("aggregate-1");
            assertThat(record.type()).isEqualTo("dev.octet.test.step");
            assertThat(record.headers()).containsEntry("ce_source", "/octet/events-test")
                    .containsEntry("ce_subject", "aggregate-1").containsEntry("ce_specversion", "1.0");
        });
        assertThat(records).extracting(record -> record.headers().get("ce_id")).doesNotHaveDuplicates();
        assertThat(waiting(topic)).isZero();
    }

    @Test
    void aBatchKafkaDidNotFullyAcknowledgeStaysInTheOutbox() throws Throwable {
        String topic = "relay-refused-" + UUID.randomUUID();
        KafkaTestClient.Recorder published = kafka.record(topic);
        // Larger than the producer's max.request.size (application.properties): Kafka never acknowledges it.
        String tooLarge = "x".repeat(200_000);
        append(List.of(DomainEvent.of(topic, "a", "dev.octet.test.small", new Step(1)),
                DomainEvent.of(topic, "b", "dev.octet.test.large", Map.of("payload", tooLarge))));

        relayOnce();

        // The small event went out; the batch it belongs to was not deleted, since the other one failed.
        await().atMost(TIMEOUT).until(() -> published.received().size() == 1);
        assertThat(waiting(topic)).isEqualTo(2);

        TestDatabase.execute("delete from outbox where topic = ? and type = ?", topic, "dev.octet.test.large");
        relayOnce();

        // Published again with the same id (at least once; consumers drop the copy), and now deleted.
        await().atMost(TIMEOUT).until(() -> published.received().size() == 2);
        assertThat(published.received()).extracting(record -> record.headers().get("ce_id")).containsOnly(
                published.received().get(0).headers().get("ce_id"));
        assertThat(waiting(topic)).isZero();
    }

    @Test
    void anEventAppendedInATransactionThatRollsBackIsNeverStored() {
        String topic = "relay-rollback-" + UUID.randomUUID();
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox
                .append(DomainEvent.of(topic, "k", "dev.octet.test.step", new Step(1)))
                .invoke(() -> {
                    throw new IllegalStateException("the change it announces failed");
                }))))
                .hasMessageContaining("the change it announces failed");
        assertThat(waiting(topic)).isZero();
    }

    private void append(List<DomainEvent> events) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (DomainEvent event : events) {
                chain = chain.chain(() -> outbox.append(event));
            }
            return chain;
        }));
    }

    private void relayOnce() throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> relay.relay());
    }

    private static long waiting(String topic) {
        return TestDatabase.number("select count(*) from outbox where topic = ?", topic);
    }
}
