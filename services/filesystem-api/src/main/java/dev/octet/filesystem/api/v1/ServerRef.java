package dev.octet.filesystem.api.v1;

/** A chunk server as writers and readers address it. */
public record ServerRef(String id, String url) {
}
