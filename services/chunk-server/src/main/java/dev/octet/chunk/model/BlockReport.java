package dev.octet.chunk.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

public record BlockReport(OffsetDateTime listedAt, List<UUID> chunks) {
}
