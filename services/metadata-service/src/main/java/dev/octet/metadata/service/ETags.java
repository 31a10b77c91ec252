package dev.octet.metadata.service;

import dev.octet.metadata.model.Chunk;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A file version's strong ETag: a digest of its size and its chunks' SHA-256 digests, so it names the
 * content (equal bytes, equal ETag) without anyone reading the bytes again.
 */
final class ETags {

    private ETags() {
    }

    static String of(long size, List<Chunk> chunksInOrder) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Long.toString(size).getBytes(StandardCharsets.US_ASCII));
            for (Chunk chunk : chunksInOrder) {
                sha.update((byte) ':');
                sha.update(chunk.digest.getBytes(StandardCharsets.US_ASCII));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
