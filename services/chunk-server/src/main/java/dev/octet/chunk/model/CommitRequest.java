package dev.octet.chunk.model;

import java.util.List;

/** Commits an upload, reporting the chunks stored since the last report. */
public record CommitRequest(long generation, List<StoredChunk> stored) {
}
