package dev.octet.product.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.octet.platform.events.EventConsumer;
import dev.octet.platform.events.IncomingEvent;
import dev.octet.product.service.StockService;
import dev.octet.shop.events.v1.OrderEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Reserves stock when an order is placed and gives it back when the order is cancelled. */
@ApplicationScoped
public class OrderEventsConsumer {

    static final String CONSUMER = "product-service";

    private final EventConsumer events;
    private final StockService stock;
    private final ObjectMapper json;

    public OrderEventsConsumer(EventConsumer events, StockService stock, ObjectMapper json) {
        this.events = events;
        this.stock = stock;
        this.json = json;
    }

    @Incoming("orders")
    public Uni<Void> onOrderEvent(Message<String> message) {
        return events.consume(CONSUMER, message, this::apply);
    }

    private Uni<Void> apply(IncomingEvent event) {
        return switch (event.type()) {
            case OrderEvents.PLACED -> stock.reserve(event.dataAs(OrderEvents.OrderPlaced.class, json));
            case OrderEvents.CANCELLED -> stock.release(event.dataAs(OrderEvents.OrderCancelled.class, json));
            // Other order events are not this service's business.
            default -> Uni.createFrom().voidItem();
        };
    }
}
