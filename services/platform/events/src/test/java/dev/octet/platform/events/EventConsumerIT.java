package dev.octet.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.octet.testing.KafkaResource;
import dev.octet.testing.KafkaTestClient;
import dev.octet.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The idempotent consumer on a real broker and database: the handler runs first and the processed
 * record is written after it, in one transaction, so a copy is rolled back whole.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
class EventConsumerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static KafkaTestClient kafka;
    private static KafkaTestClient.Recorder deadLetters;

    @BeforeAll
    static void connect() {
        kafka = new KafkaTestClient();
        deadLetters = kafka.record("ledger.dlq");
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void aRedeliveredCopyChangesNothing() {
        String account = "copy-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        book(account, eventId, 5);
        book(account, eventId, 5);
        String marker = book(account, UUID.randomUUID().toString(), 1);

        // Same key, same partition: once the marker is applied, both copies before it were handled.
        awaitApplied(marker);
        assertThat(TestDatabase.number("select sum(amount) from ledger where account = ?", account)).isEqualTo(6);
        assertThat(TestDatabase.number("select count(*) from ledger where event_id = ?", eventId)).isEqualTo(1);
        assertThat(processed(eventId)).isEqualTo(1);
    }

    @Test
    void poisonMessagesAreDeadLetteredAndTheNextEventIsApplied() {
        String account = "poison-" + UUID.randomUUID();
        String notACloudEvent = UUID.randomUUID().toString();
        String notJson = UUID.randomUUID().toString();
        String missingField = UUID.randomUUID().toString();
        kafka.send("ledger", account, Map.of("ce_id", notACloudEvent), "no type, not json");
        kafka.sendCloudEvent("ledger", account, notJson, LedgerConsumer.BOOKED, "{\"account\": ");
        kafka.sendCloudEvent("ledger", account, missingField, LedgerConsumer.BOOKED, "{\"account\":\"" + account + "\"}");
        String marker = book(account, UUID.randomUUID().toString(), 3);

        awaitApplied(marker);
        await().atMost(TIMEOUT).until(() -> deadLetters.withKey(account).size() == 3);
        assertThat(TestDatabase.number("select coalesce(sum(amount), 0) from ledger where account = ?", account)).isEqualTo(3);
        for (String poison : new String[] {notACloudEvent, notJson, missingField}) {
            assertThat(processed(poison)).as("processed record of %s", poison).isZero();
        }
    }

    @Test
    void aFailingHandlerLeavesNoProcessedRecordAndNoWrite() {
        String account = "failing-" + UUID.randomUUID();
        String failing = book(account, UUID.randomUUID().toString(), -1);
        String marker = book(account, UUID.randomUUID().toString(), 2);

        // Retried for octet.events.retry-for, then dead-lettered; the consumer carries on after it.
        awaitApplied(marker);
        await().atMost(TIMEOUT).until(() -> deadLetters.withKey(account).stream()
                .anyMatch(record -> failing.equals(record.headers().get("ce_id"))));
        assertThat(processed(failing)).isZero();
        assertThat(TestDatabase.number("select count(*) from ledger where event_id = ?", failing)).isZero();
    }

    private static String book(String account, String eventId, int amount) {
        kafka.sendCloudEvent("ledger", account, eventId, LedgerConsumer.BOOKED,
                "{\"account\":\"" + account + "\",\"amount\":" + amount + "}");
        return eventId;
    }

    private static void awaitApplied(String eventId) {
        await().atMost(TIMEOUT).until(() -> processed(eventId) == 1);
    }

    private static long processed(String eventId) {
        return TestDatabase.number("select count(*) from processed_event where consumer = ? and event_id = ?",
                LedgerConsumer.CONSUMER, eventId);
    }
}
