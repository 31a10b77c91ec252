package dev.octet.chunk.model;

import java.util.List;
import java.util.UUID;

public record BlockReportReply(List<UUID> deleteChunks) {
}
