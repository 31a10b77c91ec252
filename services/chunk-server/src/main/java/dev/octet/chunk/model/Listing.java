package dev.octet.chunk.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Listing(String path, List<EntryStatus> entries, String next) {
}
