package dev.octet.order.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.octet.order.service.SagaService;
import dev.octet.platform.events.EventConsumer;
import dev.octet.platform.events.IncomingEvent;
import dev.octet.shop.events.v1.StockEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Confirms or rejects pending orders as product-service answers them. */
@ApplicationScoped
public class StockEventsConsumer {

    static final String CONSUMER = "order-service";

    private final EventConsumer events;
    private final SagaService saga;
    private final ObjectMapper json;

    public StockEventsConsumer(EventConsumer events, SagaService saga, ObjectMapper json) {
        this.events = events;
        this.saga = saga;
        this.json = json;
    }

    @Incoming("stock")
    public Uni<Void> onStockEvent(Message<String> message) {
        return events.consume(CONSUMER, message, this::apply);
    }

    private Uni<Void> apply(IncomingEvent event) {
        return switch (event.type()) {
            case StockEvents.RESERVED -> saga.stockReserved(event.dataAs(StockEvents.StockReserved.class, json));
            case StockEvents.REJECTED -> saga.stockRejected(event.dataAs(StockEvents.StockRejected.class, json));
            // Released stock and other product events need nothing from this service.
            default -> Uni.createFrom().voidItem();
        };
    }
}
