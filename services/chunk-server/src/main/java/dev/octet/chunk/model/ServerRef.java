package dev.octet.chunk.model;

/** A chunk server as the metadata service names it: id and URL. */
public record ServerRef(String id, String url) {
}
