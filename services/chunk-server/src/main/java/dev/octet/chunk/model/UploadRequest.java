package dev.octet.chunk.model;

public record UploadRequest(String path, long size, String holder, String ifMatch, boolean ifNoneMatch, Long chunkSize) {
}
