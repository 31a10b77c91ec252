package dev.octet.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * A consumer as the services write them, for {@link EventConsumerIT}: each "dev.octet.test.booked" event
 * adds a ledger row. A negative amount makes the handler fail after its write.
 */
@ApplicationScoped
public class LedgerConsumer {

    static final String CONSUMER = "ledger-test";
    static final String BOOKED = "dev.octet.test.booked";

    public record Booking(String account, Integer amount) {
    }

    private final EventConsumer events;
    private final ObjectMapper json;

    public LedgerConsumer(EventConsumer events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    @Incoming("ledger")
    public Uni<Void> onEvent(Message<String> message) {
        return events.consume(CONSUMER, message, this::apply);
    }

    private Uni<Void> apply(IncomingEvent event) {
        if (!BOOKED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        Booking booking = event.dataAs(Booking.class, json);
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "insert into ledger (event_id, account, amount) values (:id, :account, :amount)")
                        .setParameter("id", event.id())
                        .setParameter("account", booking.account())
                        .setParameter("amount", booking.amount())
                        .executeUpdate())
                .invoke(() -> {
                    if (booking.amount() < 0) {
                        throw new IllegalStateException("negative bookings fail after their write");
                    }
                })
                .replaceWithVoid();
    }
}
