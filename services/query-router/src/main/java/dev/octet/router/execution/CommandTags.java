package dev.octet.router.execution;

import java.util.List;
import java.util.Set;

/** What CommandComplete tags say: whether data changed, and the sum of several shards' tags. */
final class CommandTags {

    private static final Set<String> COUNTED_WRITES = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "COPY");
    private static final Set<String> NOT_WRITES = Set.of("SELECT", "SET", "SHOW", "SAVEPOINT", "RELEASE", "ROLLBACK",
            "BEGIN", "START", "COMMIT", "FETCH", "MOVE", "DECLARE", "CLOSE", "DISCARD", "RESET", "EXPLAIN", "LOCK",
            "PREPARE", "DEALLOCATE", "LISTEN", "UNLISTEN", "NOTIFY");

    private CommandTags() {
    }

    /** True if the statement that ended with {@code tag} changed data or schema. */
    static boolean isWrite(String tag) {
        if (tag == null || tag.isEmpty()) {
            return false;
        }
        String verb = verb(tag);
        if (COUNTED_WRITES.contains(verb)) {
            return count(tag) > 0;
        }
        return !NOT_WRITES.contains(verb);
    }

    static String verb(String tag) {
        int space = tag.indexOf(' ');
        return space < 0 ? tag : tag.substring(0, space);
    }

    static long count(String tag) {
        int space = tag.lastIndexOf(' ');
        if (space < 0) {
            return 0;
        }
        try {
            return Long.parseLong(tag.substring(space + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Several shards' tags for one statement as one: the counts added up. */
    static String combine(List<String> tags) {
        String first = tags.stream().filter(t -> t != null).findFirst().orElse(null);
        if (first == null) {
            return null;
        }
        String verb = verb(first);
        if (!COUNTED_WRITES.contains(verb) && !verb.equals("SELECT") && !verb.equals("FETCH")) {
            return first;
        }
        long total = tags.stream().filter(t -> t != null).mapToLong(CommandTags::count).sum();
        return verb.equals("INSERT") ? "INSERT 0 " + total : verb + " " + total;
    }
}
