package dev.octet.platform.events;

/**
 * An event a service announces: it goes to {@code topic} keyed by {@code key} (so one aggregate's
 * events stay in order), as a CloudEvent of {@code type} whose data is {@code data} as JSON.
 */
public record DomainEvent(String topic, String key, String type, String subject, Object data) {

    public static DomainEvent of(String topic, String key, String type, Object data) {
        return new DomainEvent(topic, key, type, key, data);
    }
}
