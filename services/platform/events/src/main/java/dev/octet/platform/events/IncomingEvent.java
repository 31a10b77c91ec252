package dev.octet.platform.events;

import com.fasterxml.jackson.databind.JsonNode;

/** A CloudEvent received from Kafka: its id (the idempotency key), type, subject and JSON data. */
public record IncomingEvent(String id, String type, String subject, JsonNode data) {

    /** The data read as {@code type}; a shape that does not fit makes the message poison. */
    public <T> T dataAs(Class<T> type, com.fasterxml.jackson.databind.ObjectMapper json) {
        try {
            T value = json.treeToValue(data, type);
            if (value == null) {
                throw new PoisonMessageException("Event " + id + " has no data");
            }
            requireAllComponents(value);
            return value;
        } catch (ReflectiveOperationException | com.fasterxml.jackson.core.JsonProcessingException
                 | IllegalArgumentException e) {
            throw new PoisonMessageException("Event " + id + " of type " + this.type + " has data that is not a "
                    + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Event records carry no optional fields: one that is missing makes the event unusable. */
    private void requireAllComponents(Object value) throws ReflectiveOperationException {
        if (!value.getClass().isRecord()) {
            return;
        }
        for (var component : value.getClass().getRecordComponents()) {
            if (component.getAccessor().invoke(value) == null) {
                throw new PoisonMessageException("Event " + id + " of type " + type + " lacks " + component.getName());
            }
        }
    }
}
