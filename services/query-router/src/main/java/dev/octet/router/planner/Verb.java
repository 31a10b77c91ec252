package dev.octet.router.planner;

/** The kind of a routed statement. */
public enum Verb {
    SELECT, INSERT, UPDATE, DELETE, OTHER
}
