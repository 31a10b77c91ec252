package dev.octet.filesystem.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One page of a directory's children in name order; {@code next} is the {@code after} of the next page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Listing(String path, List<EntryStatus> entries, String next) {
}
