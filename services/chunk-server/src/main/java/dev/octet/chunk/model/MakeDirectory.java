package dev.octet.chunk.model;

public record MakeDirectory(String path) {
}
