package dev.octet.chunk.model;

public record Rename(String from, String to) {
}
