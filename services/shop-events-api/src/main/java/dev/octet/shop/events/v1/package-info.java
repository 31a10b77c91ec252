/**
 * Version 1 of the order saga's events: CloudEvents on Kafka whose data is one of these records as
 * JSON. Producer and consumers compile against the same classes; a change that an older consumer
 * could not read gets a new event type and goes into a new package ({@code v2}) beside this one.
 */
package dev.octet.shop.events.v1;
