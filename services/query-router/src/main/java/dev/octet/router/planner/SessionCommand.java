package dev.octet.router.planner;

/** Session commands the router keeps track of itself. */
public enum SessionCommand {
    /** SET name ...: remembered and applied to every shard connection the session uses. */
    SET,
    /** SET LOCAL ...: lives as long as the transaction, on the shards it uses. */
    SET_LOCAL,
    RESET,
    RESET_ALL,
    DISCARD_ALL,
    /** DISCARD PLANS, SEQUENCES, TEMP: nothing to do for the router. */
    DISCARD_OTHER,
    /** DEALLOCATE name; a null name means ALL. */
    DEALLOCATE,
    /** SHOW name: answered by a shard with the session's settings. */
    SHOW
}
