package dev.octet.metadata.model;

/** A chunk server as writers and readers address it. */
public record ServerRef(String id, String url) {
}
