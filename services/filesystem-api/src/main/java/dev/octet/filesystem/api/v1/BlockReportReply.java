package dev.octet.filesystem.api.v1;

import java.util.List;
import java.util.UUID;

/** Reported chunks the server may delete: orphans of failed writes, garbage, surplus copies. */
public record BlockReportReply(List<UUID> deleteChunks) {
}
