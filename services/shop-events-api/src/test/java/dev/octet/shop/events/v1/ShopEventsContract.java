package dev.octet.shop.events.v1;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The order saga's contract as examples, in the manner of Pact's message pacts: one CloudEvent data
 * document per event type. Producers check that what their outbox publishes has an example's shape
 * (dev.octet.testing.JsonShape); consumers are fed the examples, with their own ids filled in.
 */
public final class ShopEventsContract {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The data of each event type, by CloudEvent type. */
    public static final Map<String, String> EXAMPLES = Map.of(
            OrderEvents.PLACED, """
                    {"orderId":"4b0f0a1e-5f7c-4f55-9d54-8d2d1d0c1a01","customerId":"0e6a4f3c-2b1d-4c9e-8f7a-6b5c4d3e2f10",
                     "items":[{"productId":"9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","quantity":2}]}""",
            OrderEvents.CANCELLED, """
                    {"orderId":"4b0f0a1e-5f7c-4f55-9d54-8d2d1d0c1a01","customerId":"0e6a4f3c-2b1d-4c9e-8f7a-6b5c4d3e2f10"}""",
            OrderEvents.CONFIRMED, """
                    {"orderId":"4b0f0a1e-5f7c-4f55-9d54-8d2d1d0c1a01","customerId":"0e6a4f3c-2b1d-4c9e-8f7a-6b5c4d3e2f10",
                     "total":49.8}""",
            OrderEvents.REJECTED, """
                    {"orderId":"4b0f0a1e-5f7c-4f55-9d54-8d2d1d0c1a01","customerId":"0e6a4f3c-2b1d-4c9e-8f7a-6b5c4d3e2f10",
                     "reason":"Only 1 of Red Kettle left; the order wants 2."}""",
            StockEvents.RESERVED, """
                    {"orderId":"4b0f0a1e-5f7c-4f55-9d54-8d2d1d0c1a01","customerId":"0e6a4f3c-2b1d-4c9e-8f7a-6b5c4d3e2f10",
                     "lines":[{"productId":"9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","quantity":2,"unitPrice":24.9}],
                     "total":49.8}""",
            StockEvents.REJECTED, """
                    {"orderId":"4b0f0a1e-5f7c-4f55-9d54-8d2d1d0c1a01","customerId":"0e6a4f3c-2b1d-4c9e-8f7a-6b5c4d3e2f10",
                     "reason":"Only 1 of Red Kettle left; the order wants 2."}""",
            StockEvents.RELEASED, """
                    {"orderId":"4b0f0a1e-5f7c-4f55-9d54-8d2d1d0c1a01","customerId":"0e6a4f3c-2b1d-4c9e-8f7a-6b5c4d3e2f10",
                     "lines":[{"productId":"9c8b7a6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d","quantity":2,"unitPrice":24.9}]}""");

    /** The records the data of each event type is read as. */
    public static final Map<String, Class<? extends Record>> RECORDS = Map.of(
            OrderEvents.PLACED, OrderEvents.OrderPlaced.class,
            OrderEvents.CANCELLED, OrderEvents.OrderCancelled.class,
            OrderEvents.CONFIRMED, OrderEvents.OrderConfirmed.class,
            OrderEvents.REJECTED, OrderEvents.OrderRejected.class,
            StockEvents.RESERVED, StockEvents.StockReserved.class,
            StockEvents.REJECTED, StockEvents.StockRejected.class,
            StockEvents.RELEASED, StockEvents.StockReleased.class);

    private ShopEventsContract() {
    }

    /** The example data of {@code type}; fails for a type the contract does not know. */
    public static String example(String type) {
        String example = EXAMPLES.get(type);
        if (example == null) {
            throw new AssertionError("The contract has no event type " + type);
        }
        return example;
    }

    /**
     * The example data of {@code type} with some of its top-level fields set: a consumer's test fills in
     * the ids of the rows it created, and keeps the rest of the example as the producer would send it.
     */
    public static String example(String type, Map<String, ?> fields) {
        try {
            ObjectNode data = (ObjectNode) JSON.readTree(example(type));
            fields.forEach((name, value) -> {
                if (!data.has(name)) {
                    throw new AssertionError("The contract's " + type + " has no field " + name);
                }
                data.set(name, JSON.valueToTree(value));
            });
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
