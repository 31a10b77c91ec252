package dev.octet.peer.model;

/** A peer as others know it: its node id and the address it says it listens on. */
public record Contact(Key id, Address address) {

    @Override
    public String toString() {
        return id.shortHex() + "@" + address;
    }
}
